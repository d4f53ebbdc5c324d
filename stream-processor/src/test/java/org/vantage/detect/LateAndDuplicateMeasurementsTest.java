package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vantage.detect.fixture.Fleet.healthy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.model.RejectReason;
import org.vantage.detect.validate.DeadLetter;
import org.vantage.topics.VantageTopic;

class LateAndDuplicateMeasurementsTest {
    static final Instant START = Instant.parse("2024-01-20T12:00:00Z");
    static final String CUT_OFF_PROBE = "PK-45669-p0";

    @Test
    void aSpoolSentWithinTheGracePeriodIsCountedInItsOwnWindowWhichIsJudgedOnceAndDuplicatesOnce() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 1), 4, START);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 10, healthy(0));
            // the probe is cut off for minute 10: its measurements wait in its spool while the others send minute 11
            List<Fleet.Event> spool = new ArrayList<>();
            for (Fleet.Event e : fleet.round(10, healthy(0))) {
                if (probeOf(e).equals(CUT_OFF_PROBE)) {
                    spool.add(e);
                } else {
                    h.pipe(List.of(e));
                }
            }
            h.run(fleet, 11, 12, healthy(0));
            long windowTen = fleet.minuteStart(10);
            assertThat(h.statuses().stream()
                            .filter(s -> s.windowStart() == windowTen)
                            .toList())
                    .as("not judged before the network's clock is the grace past its end")
                    .isEmpty();

            h.pipe(spool); // out of order, within the grace period
            h.pipe(spool); // and resent once more (the probe did not get the acknowledgement)
            h.run(fleet, 12, 14, healthy(0));

            assertThat(h.statuses().stream()
                            .filter(s -> s.windowStart() == windowTen && !s.isLate())
                            .toList())
                    .as("one judgement, with the spool")
                    .singleElement()
                    .satisfies(judged -> {
                        assertThat(judged.revision()).isZero();
                        assertThat(twitter(judged)).satisfies(v -> {
                            assertThat(v.probes()).isEqualTo(4);
                            assertThat(v.measurements()).isEqualTo(8);
                            assertThat(v.lateMeasurements())
                                    .as("arrived after the network's clock passed the window's end")
                                    .isEqualTo(2);
                        });
                    });
            long spooledMeasurements =
                    spool.stream().filter(e -> e.measurement() != null).count();
            assertThat(h.metrics.duplicateCount()).isEqualTo(spooledMeasurements);
            assertThat(h.metrics.lateCount()).as("nothing was later than grace").isZero();
        }
    }

    @Test
    void aMeasurementOlderThanTheGracePeriodIsKeptAsLateEvidenceNotDeadLettered() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 1), 4, START);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.run(fleet, 0, 10, healthy(0));
            Fleet.Event old = fleet.round(2, healthy(0)).stream()
                    .filter(e -> e.measurement() != null)
                    .findFirst()
                    .orElseThrow();
            h.pipe(List.of(old));
            long windowTwo = fleet.minuteStart(2);
            int revisionsBefore = (int) h.statuses().stream()
                    .filter(s -> s.windowStart() == windowTwo)
                    .count();

            h.run(
                    fleet,
                    10,
                    12,
                    healthy(0)); // the network's clock moves on and judges a window: the late tally goes with it

            assertThat(h.deadLetters.readRecordsToList()).isEmpty();
            assertThat(h.metrics.lateCount()).isEqualTo(1.0);
            assertThat(h.statuses().stream()
                            .filter(s -> s.windowStart() == windowTwo && !s.isLate())
                            .count())
                    .as("the closed window is not revised")
                    .isEqualTo(revisionsBefore);
            assertThat(h.statuses().stream().filter(NetworkStatus::isLate).toList())
                    .singleElement()
                    .satisfies(s -> {
                        assertThat(s.late().measurements()).isEqualTo(1);
                        assertThat(s.late().firstEventTime()).isEqualTo(old.time());
                        assertThat(s.late().windows())
                                .singleElement()
                                .satisfies(w -> assertThat(w.windowStart()).isEqualTo(windowTwo));
                    });
        }
    }

    @Test
    void lateEvidenceOfANetworkWhoseClockStandsStillIsHandedOnByTheWallClockCheck() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 1), 4, START);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.run(fleet, 0, 10, healthy(0));
            Fleet.Event old = fleet.round(2, healthy(0)).stream()
                    .filter(e -> e.measurement() != null)
                    .findFirst()
                    .orElseThrow();
            h.pipe(List.of(old));
            assertThat(h.statuses().stream().filter(NetworkStatus::isLate).toList())
                    .as("held until a window is judged")
                    .isEmpty();

            h.advanceWallClock(
                    DetectionThresholds.defaults().silenceAfter().plusSeconds(30)); // no further record arrives

            assertThat(h.statuses().stream().filter(NetworkStatus::isLate).toList())
                    .singleElement()
                    .satisfies(s -> assertThat(s.late().measurements()).isEqualTo(1));
        }
    }

    @Test
    void aWindowJudgedWhenItsNetworkFellSilentIsNotJudgedAgainWhenItsSpoolArrives() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 1), 4, START);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.run(fleet, 0, 10, healthy(0));
            long windowTen = fleet.minuteStart(10);
            List<Fleet.Event> minuteTen = fleet.round(10, healthy(0));
            List<Fleet.Event> sent = minuteTen.stream()
                    .filter(e -> e.time() < windowTen + 25_000)
                    .toList();
            List<Fleet.Event> spooled = minuteTen.stream()
                    .filter(e -> e.time() >= windowTen + 25_000 && e.measurement() != null)
                    .toList();
            h.pipe(sent);
            h.advanceWallClock(
                    DetectionThresholds.defaults().silenceAfter().plusSeconds(30)); // every probe falls silent

            assertThat(h.statuses().stream().filter(NetworkStatus::silent).toList())
                    .as("reported silent")
                    .isNotEmpty();
            long sentMeasurements =
                    sent.stream().filter(e -> e.measurement() != null).count();
            assertThat(h.statuses().stream()
                            .filter(s -> s.windowStart() == windowTen
                                    && !s.platforms().isEmpty())
                            .toList())
                    .as("judged with what it had")
                    .singleElement()
                    .satisfies(s -> assertThat(s.platforms().stream()
                                    .mapToLong(PlatformVerdict::measurements)
                                    .sum())
                            .isEqualTo(sentMeasurements));

            h.arrivalDelay = Duration.ofMinutes(4);
            h.pipe(spooled); // the probes' spools, once they are back

            assertThat(h.statuses().stream()
                            .filter(s -> s.windowStart() == windowTen
                                    && !s.platforms().isEmpty())
                            .count())
                    .as("judged once")
                    .isEqualTo(1);
            assertThat(h.deadLetters.readRecordsToList()).isEmpty();
            assertThat(h.metrics.lateCount()).as("kept as late evidence").isEqualTo((double) spooled.size());
        }
    }

    @Test
    void aMeasurementBeyondTheLateHorizonIsStillDeadLettered() {
        Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 1), 4, START);
        try (DetectionHarness h = new DetectionHarness(START)) {
            // the probes' clocks run 4 minutes ahead of the processor's (within the accepted skew), so the network's
            // clock
            // is ahead of the wall clock and a measurement can be older than the horizon behind it yet not too old for
            // the
            // validator, which compares with the wall clock
            h.arrivalDelay = Duration.ofMinutes(-4);
            h.run(fleet, 0, 6, healthy(0));
            long horizon = DetectionThresholds.defaults().maxAge().toMillis();
            Fleet.Probe probe = fleet.probes().get(0);
            long networkClock = fleet.minuteStart(5) + 50_000;
            long beyond = networkClock - horizon - 60_000;
            long tooOld = h.wallClock() - horizon - 60_000;
            h.pipe(List.of(event(fleet, probe, beyond), event(fleet, probe, tooOld)));

            List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
            assertThat(dead)
                    .extracting(r -> header(r, DeadLetter.REASON_CODE_HEADER))
                    .containsExactly(RejectReason.LATE_BEYOND_GRACE.name(), RejectReason.EVENT_TIME_TOO_OLD.name());
            assertThat(header(dead.get(0), DeadLetter.TOPIC_HEADER)).isEqualTo(VantageTopic.MEASUREMENTS.topicName());
            assertThat(h.metrics.invalidCount(RejectReason.LATE_BEYOND_GRACE)).isEqualTo(1.0);
            assertThat(h.metrics.lateCount()).isZero();
        }
    }

    private static Fleet.Event event(Fleet fleet, Fleet.Probe probe, long time) {
        return new Fleet.Event(
                probe.network().key(),
                time,
                fleet.measurement(probe, "control", "www.example.com", time, Fleet.Result.ok(250)),
                null);
    }

    static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static String probeOf(Fleet.Event e) {
        return e.measurement() != null
                ? e.measurement().getProbeId()
                : e.heartbeat().getProbeId();
    }

    static PlatformVerdict twitter(NetworkStatus s) {
        return s.platform("twitter").orElseThrow();
    }
}
