package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.fixture.OoniLikeFleet;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;
import org.vantage.schema.Scope;

/**
 * Detection from a sparse source: OONI-like measurements, a few per network and platform per hour, no
 * heartbeats, no own probes.
 */
class OoniDensityDetectionTest {
    private static final Instant START = Instant.parse("2024-01-20T12:00:00Z");
    private static final Set<String> BLOCKED = Set.of("twitter", "facebook", "instagram", "youtube");
    private static final int ONSET = 100;

    private static DetectionHarness harness() {
        DetectionHarness h = new DetectionHarness(START);
        h.reference(Fleet.pakistan());
        // OONI's mobile apps upload a few minutes after measuring; the bridge polls every minute
        h.arrivalDelay = Duration.ofMinutes(3);
        return h;
    }

    @Test
    void aNationwideBlockOfFourPlatformsAtOoniDensityOpensOneRestrictionWithinThirtyMinutes() {
        try (DetectionHarness h = harness()) {
            OoniLikeFleet ooni = new OoniLikeFleet(Fleet.pakistan(), START, 3, 42);
            OoniLikeFleet.Block block = new OoniLikeFleet.Block(BLOCKED, ONSET, 200, Outcome.TLS_RESET);
            h.pipe(ooni.minutes(0, 240, block, 0.08));

            List<DisruptionAlert> alerts = h.alerts();
            List<DisruptionAlert> opened = alerts.stream()
                    .filter(a -> a.getStatus() == AlertStatus.OPENED)
                    .toList();
            assertThat(opened).hasSize(1);
            DisruptionAlert a = opened.get(0);
            assertThat(a.getClassification()).isEqualTo(Classification.PLATFORM_RESTRICTION);
            long onset = START.plus(Duration.ofMinutes(ONSET)).toEpochMilli();
            long detectedAfter = a.getLastUpdateTime().toEpochMilli() - onset;
            System.out.printf(
                    "OONI density (3 per network, platform and hour): opened %d s of event time after onset, scope %s,"
                            + " platforms %s, confidence %.2f, %s%n",
                    detectedAfter / 1000, a.getScope(), a.getPlatforms(), a.getConfidence(), a.getEvidenceSources());
            assertThat(detectedAfter).isBetween(0L, Duration.ofMinutes(30).toMillis());
            assertThat(a.getEvidenceSources())
                    .singleElement()
                    .satisfies(s -> assertThat(s.getSource()).isEqualTo("OONI"));
            assertThat(a.getSampleLinks()).isNotEmpty().allMatch(l -> l.startsWith("https://explorer.ooni.org/m/"));

            // during the block the incident grows to the four platforms nationwide; it resolves after the block ends
            alerts.forEach(x -> System.out.printf(
                    "  %s #%d %s %s %s %s%n",
                    x.getLastUpdateTime(),
                    x.getSequence(),
                    x.getStatus(),
                    x.getScope(),
                    x.getPlatforms(),
                    x.getHeadline()));
            assertThat(alerts).allSatisfy(x -> assertThat(x.getIncidentId()).isEqualTo(a.getIncidentId()));
            assertThat(alerts).anySatisfy(x -> {
                assertThat(x.getPlatforms()).containsExactlyInAnyOrderElementsOf(BLOCKED);
                assertThat(x.getScope()).isEqualTo(Scope.NATIONWIDE);
            });
            assertThat(alerts)
                    .filteredOn(x -> x.getStatus() == AlertStatus.RESOLVED)
                    .hasSize(1);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void ooniLikeHealthyNoiseOpensNothing(long seed) {
        try (DetectionHarness h = harness()) {
            OoniLikeFleet ooni = new OoniLikeFleet(Fleet.pakistan(), START, 3, seed);
            // twice OONI's usual noise: dead sites, captchas, VPN users, broken connections
            h.pipe(ooni.minutes(0, 360, null, 0.15));
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void aBlockSeenByOwnProbesAndByOoniIsOneIncidentThatCountsBothSources() {
        try (DetectionHarness h = harness()) {
            List<Fleet.Network> pk = Fleet.pakistan();
            // own probes on the three mobile networks, OONI's volunteers on the fixed ones
            Fleet own = Fleet.of(pk.subList(0, 3), 5, START);
            OoniLikeFleet ooni = new OoniLikeFleet(pk.subList(3, pk.size()), START, 6, 7);
            OoniLikeFleet.Block block = new OoniLikeFleet.Block(BLOCKED, ONSET, 200, Outcome.TLS_RESET);
            Fleet.Conditions conditions = Fleet.when(
                    (p, platform, minute) -> BLOCKED.contains(platform) && minute >= ONSET,
                    Fleet.always(Outcome.TLS_RESET, 10_000),
                    Fleet.healthy(0.02));
            for (int minute = 0; minute < 140; minute++) {
                List<Fleet.Event> events = new java.util.ArrayList<>(own.round(minute, conditions));
                events.addAll(ooni.minutes(minute, minute + 1, block, 0.05));
                events.sort(java.util.Comparator.comparingLong(Fleet.Event::time));
                h.arrivalDelay = Duration.ofSeconds(2);
                h.pipe(events);
            }
            List<DisruptionAlert> alerts = h.alerts();
            assertThat(alerts.stream().map(DisruptionAlert::getIncidentId).distinct())
                    .hasSize(1);
            DisruptionAlert last = alerts.get(alerts.size() - 1);
            System.out.printf(
                    "own probes + OONI: %d alerts, last %s %s %s%n",
                    alerts.size(), last.getStatus(), last.getScope(), last.getEvidenceSources());
            assertThat(alerts)
                    .anySatisfy(a -> assertThat(a.getEvidenceSources())
                            .extracting(s -> s.getSource())
                            .containsExactlyInAnyOrder("VANTAGE", "OONI"));
        }
    }
}
