package org.vantage.ooni.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.kafka.ClientProperties;
import org.vantage.ooni.testing.ExpectedImport;
import org.vantage.ooni.testing.OoniReplayServer;
import org.vantage.ooni.testing.Topics;
import org.vantage.schema.Measurement;
import org.vantage.schema.MeasurementSource;
import org.vantage.stack.LocalStack;
import org.vantage.topics.NetworkKey;

/** The bridge on a real broker, fed by the replay of OONI's recorded answers with scripted faults. */
@Tag("integration")
class OoniBridgeKafkaTest {

    @TempDir
    Path dir;

    @Test
    void aPollPublishesEveryMappedMeasurementOnceCountsEverySkipDefersAStubbornBodyAndRepollingPublishesNothingTwice()
            throws Exception {
        try (OoniReplayServer ooni = OoniReplayServer.start();
                LocalStack stack = LocalStack.builder()
                        .dataDir(dir)
                        .brokerHeap("384m")
                        .referenceData(false)
                        .start()) {
            List<String> uids = ooni.uids();
            String malformed = uids.get(10);
            String empty = uids.get(20);
            String huge = uids.get(30);
            String array = uids.get(40);
            ooni.failNextList(429);
            ooni.failBody(uids.get(5), 503, 500);
            ooni.overrideBody(malformed, "{\"test_name\":\"whatsapp\",".getBytes(StandardCharsets.UTF_8));
            ooni.overrideBody(empty, "{}".getBytes(StandardCharsets.UTF_8));
            ooni.overrideBody(
                    huge,
                    ("{\"test_name\":\"web_connectivity\",\"x\":\"" + "a".repeat(3 << 20) + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            ooni.overrideBody(array, "[1,2,3]".getBytes(StandardCharsets.UTF_8));
            List<String> usable = new ArrayList<>(uids);
            usable.removeAll(List.of(malformed, empty, huge, array));
            ExpectedImport expected = ExpectedImport.of(ooni, usable);
            // OONI fails on this body more often than the bridge retries within one poll (5 attempts): deferred
            String stubborn = expected.published().keySet().stream()
                    .filter(u -> !u.equals(uids.get(5)))
                    .findFirst()
                    .orElseThrow();
            ooni.failBody(stubborn, 500, 502, 503, 504, 500);

            OoniBridgeSettings settings = OoniBridgeSettings.resolve(
                    Map.of(
                            "country",
                            "PK",
                            "api-url",
                            ooni.url().toString(),
                            "page-size",
                            "30",
                            "bridge-id",
                            "kafka-test",
                            "retry-backoff",
                            "10ms",
                            "max-body-bytes",
                            Integer.toString(2 << 20),
                            "metrics-port",
                            "-1"),
                    Map.of());
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            OoniBridge.PollReport first;
            OoniBridge.PollReport again;
            try (OoniBridge bridge = OoniBridgeRunner.create(
                    settings,
                    stack.bootstrapServers(),
                    stack.registryUrl(),
                    ClientProperties.none(),
                    meters,
                    Clock.systemUTC())) {
                first = bridge.pollOnce("PK");
                again = bridge.pollOnce("PK");
            }
            System.out.println("first poll: " + first + "\nsecond poll: " + again);

            Map<String, Integer> skips = new HashMap<>(expected.skippedByReason());
            skips.merge("malformed_json", 1, Integer::sum);
            skips.merge("empty_body", 1, Integer::sum);
            skips.merge("absurd_body", 2, Integer::sum);
            assertThat(first.pages()).isEqualTo((uids.size() + 29) / 30).isGreaterThan(1);
            assertThat(first.listed()).isEqualTo(uids.size());
            assertThat(first.fresh()).isEqualTo(uids.size());
            assertThat(first.deferred()).isEqualTo(1);
            assertThat(first.published())
                    .isEqualTo(expected.published().size() - 1)
                    .isPositive();
            assertThat(first.skipped()).isEqualTo(skips);
            assertThat(first.published() + first.skippedTotal() + first.deferred())
                    .isEqualTo(uids.size());
            // the next poll asks for the deferred body again, and only for it
            assertThat(again.listed()).isEqualTo(uids.size());
            assertThat(again.fresh()).isEqualTo(1);
            assertThat(again.deferred()).isZero();
            assertThat(again.published()).isEqualTo(1);

            List<ConsumerRecord<String, Measurement>> records =
                    Topics.measurements(stack.bootstrapServers(), stack.registryUrl());
            Map<String, Long> copies = records.stream()
                    .collect(Collectors.groupingBy(r -> r.value().getSourceRef(), Collectors.counting()));
            assertThat(copies.keySet())
                    .containsExactlyInAnyOrderElementsOf(expected.published().keySet());
            assertThat(copies.values()).allMatch(n -> n == 1L);
            assertThat(records).allSatisfy(r -> {
                assertThat(r.key())
                        .isEqualTo(
                                new NetworkKey(r.value().getCountry(), r.value().getAsn()).toString());
                assertThat(r.value().getSource()).isEqualTo(MeasurementSource.OONI);
                assertThat(r.value())
                        .isEqualTo(expected.published().get(r.value().getSourceRef()));
            });

            // A restarted bridge (same id) resumes from the committed state: nothing is fetched or published again.
            int bodiesBefore = ooni.bodyRequests();
            try (OoniBridge restarted = OoniBridgeRunner.create(
                    settings,
                    stack.bootstrapServers(),
                    stack.registryUrl(),
                    ClientProperties.none(),
                    new SimpleMeterRegistry(),
                    Clock.systemUTC())) {
                OoniBridge.PollReport afterRestart = restarted.pollOnce("PK");
                assertThat(afterRestart.fresh()).isZero();
                assertThat(afterRestart.published()).isZero();
            }
            assertThat(ooni.bodyRequests()).isEqualTo(bodiesBefore);
            assertThat(Topics.measurements(stack.bootstrapServers(), stack.registryUrl()))
                    .hasSameSizeAs(records);

            Function<String, Double> skipped = reason -> meters.get("vantage.ooni.skipped")
                    .tag("reason", reason)
                    .counter()
                    .count();
            assertThat(skipped.apply("malformed_json")).isEqualTo(1.0);
            assertThat(skipped.apply("empty_body")).isEqualTo(1.0);
            assertThat(skipped.apply("absurd_body")).isEqualTo(2.0);
            assertThat(meters.get("vantage.ooni.fetched")
                            .tag("country", "PK")
                            .counter()
                            .count())
                    .isEqualTo(uids.size() + 1);
            assertThat(meters.get("vantage.ooni.deferred")
                            .tag("country", "PK")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(meters.get("vantage.ooni.published").counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum())
                    .isEqualTo(expected.published().size());
            assertThat(meters.get("vantage.ooni.api.retries")
                            .tag("endpoint", "list")
                            .tag("cause", "429")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(meters.get("vantage.ooni.api.retries")
                            .tag("endpoint", "raw_measurement")
                            .tag("cause", "5xx")
                            .counter()
                            .count())
                    .isEqualTo(2.0 + 4.0);
            assertThat(meters.get("vantage.ooni.api.errors")
                            .tag("endpoint", "raw_measurement")
                            .tag("kind", "retries_exhausted")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(meters.get("vantage.ooni.lag")
                            .tag("country", "PK")
                            .gauge()
                            .value())
                    .isBetween(0.0, 3600.0);
            Set<String> platforms = expected.published().values().stream()
                    .map(Measurement::getPlatform)
                    .collect(Collectors.toSet());
            assertThat(meters.get("vantage.ooni.published").counters())
                    .extracting(c -> c.getId().getTag("platform"))
                    .containsExactlyInAnyOrderElementsOf(platforms);
        }
    }
}
