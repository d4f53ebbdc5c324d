package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vantage.detect.fixture.Fleet.healthy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.model.RejectReason;
import org.vantage.detect.validate.DeadLetter;
import org.vantage.schema.Measurement;
import org.vantage.topics.VantageTopic;

/** Every kind of bad input goes to the dead-letter topic with its reason; detection carries on. */
class InputValidationTest {
    static final Instant START = Instant.parse("2024-01-20T12:00:00Z");

    @Test
    void badRecordsAreDeadLetteredWithTheirReasonAndDoNotStopOrSkewDetection() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 2), 4, START);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 5, healthy(0));
            Measurement sample = fleet.round(5, healthy(0)).stream()
                    .filter(e -> e.measurement() != null)
                    .findFirst()
                    .orElseThrow()
                    .measurement();
            long now = h.wallClock();
            String key = sample.getCountry() + ":" + sample.getAsn();
            String otherKey = sample.getAsn() == 45669 ? "PK:59257" : "PK:45669";

            pipeRaw(h, key, new byte[] {1, 2, 3, 4, 5, 6, 7});
            pipeRaw(h, key, new byte[] {0, 0, 0, 0x27, 0x0F, 2, 4, 6});
            pipe(h, key, sample, m -> m.setPlatform("myspace"));
            pipe(h, "pk:45669", sample, m -> m.setCountry("pk"));
            pipe(h, "PK:0", sample, m -> m.setAsn(0L));
            pipe(h, "PK:5000000000", sample, m -> m.setAsn(5_000_000_000L));
            pipe(h, key, sample, m -> m.setEventTime(Instant.ofEpochMilli(now + 3_600_000))); // probe clock 1 h ahead
            pipe(h, key, sample, m -> m.setEventTime(Instant.ofEpochMilli(now - 3 * 86_400_000L)));
            pipe(h, otherKey, sample, m -> {});

            List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
            assertThat(dead)
                    .extracting(r -> header(r, DeadLetter.REASON_CODE_HEADER))
                    .containsExactly(
                            "UNDECODABLE",
                            "UNKNOWN_SCHEMA_ID",
                            "UNKNOWN_PLATFORM",
                            "INVALID_COUNTRY",
                            "ASN_OUT_OF_RANGE",
                            "ASN_OUT_OF_RANGE",
                            "EVENT_TIME_IN_FUTURE",
                            "EVENT_TIME_TOO_OLD",
                            "KEY_MISMATCH");
            assertThat(dead).allSatisfy(r -> {
                assertThat(header(r, VantageTopic.DLQ_REASON_HEADER)).contains(":");
                assertThat(header(r, DeadLetter.TOPIC_HEADER)).isEqualTo(VantageTopic.MEASUREMENTS.topicName());
                assertThat(header(r, DeadLetter.PARTITION_HEADER)).isEqualTo("0");
                assertThat(Long.parseLong(header(r, DeadLetter.OFFSET_HEADER))).isNotNegative();
            });
            assertThat(dead.get(0).value()).containsExactly(1, 2, 3, 4, 5, 6, 7);
            assertThat(h.metrics.invalidCount(RejectReason.ASN_OUT_OF_RANGE)).isEqualTo(2.0);
            assertThat(h.metrics.invalidCount(RejectReason.EVENT_TIME_IN_FUTURE))
                    .isEqualTo(1.0);

            // detection carries on, and the bad clock did not move time on: honest windows are still open
            long before = h.statuses().size();
            h.run(fleet, 5, 8, healthy(0));
            assertThat(h.statuses().size()).isGreaterThan((int) before);
            assertThat(h.deadLetters.readRecordsToList()).isEmpty();
            assertThat(h.statuses())
                    .filteredOn(s -> s.windowStart() == fleet.minuteStart(5) && s.asn() == 45669)
                    .isNotEmpty();
        }
    }

    static void pipeRaw(DetectionHarness h, String key, byte[] value) {
        h.rawMeasurements.pipeInput(key.getBytes(StandardCharsets.UTF_8), value);
    }

    static void pipe(DetectionHarness h, String key, Measurement sample, Consumer<Measurement.Builder> change) {
        Measurement.Builder b = Measurement.newBuilder(sample);
        change.accept(b);
        byte[] bytes = h.measurementSerializer.serialize(VantageTopic.MEASUREMENTS.topicName(), b.build());
        pipeRaw(h, key, bytes);
    }

    static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
