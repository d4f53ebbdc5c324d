package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;

/** The 2024-01-20 case: X, Facebook, Instagram and YouTube blocked on Pakistan's main networks, control fine. */
class PlatformRestrictionTest {
    static final Instant START = Instant.parse("2024-01-20T13:20:00Z");
    static final int ONSET = 10;
    static final int RECOVERY = 25;
    /** The main networks: the three mobile operators and the two largest fixed-line ISPs. */
    static final Set<Long> BLOCKING = Set.of(45669L, 59257L, 24499L, 17557L, 9541L);

    @Test
    void nationwideBlockOfFourPlatformsOpensOneRestrictionWithinTwoWindowsAndTheGraceAndResolvesWithinFiveMinutes() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), 6, START);
        Fleet.Conditions healthy = Fleet.healthy(0.02);
        Fleet.Conditions block = (p, platform, minute, random) -> minute >= ONSET
                        && minute < RECOVERY
                        && BLOCKING.contains(p.network().asn())
                        && Fleet.BLOCKED_2024.contains(platform)
                ? new Fleet.Result(Outcome.TLS_RESET, 300)
                : healthy.measure(p, platform, minute, random);
        // production store type (RocksDB) here; the other behaviour tests use in-memory stores for speed
        try (DetectionHarness h = new DetectionHarness(
                org.vantage.detect.config.DetectionThresholds.defaults(),
                START,
                VantageTopology.StoreType.PERSISTENT)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, ONSET, healthy);
            assertThat(h.alerts()).as("no alert before the block").isEmpty();

            h.run(fleet, ONSET, RECOVERY, block);
            h.run(fleet, RECOVERY, RECOVERY + 8, healthy);
            List<DisruptionAlert> alerts = h.alerts();

            assertThat(alerts)
                    .extracting(DisruptionAlert::getIncidentId)
                    .containsOnly(alerts.get(0).getIncidentId());
            DisruptionAlert opened = alerts.get(0);
            assertThat(opened.getStatus()).isEqualTo(AlertStatus.OPENED);
            assertThat(opened.getClassification()).isEqualTo(Classification.PLATFORM_RESTRICTION);
            assertThat(opened.getScope()).isEqualTo(Scope.NATIONWIDE);
            assertThat(opened.getPlatforms()).containsExactly("twitter", "facebook", "instagram", "youtube");
            assertThat(opened.getNetworks())
                    .extracting(AffectedNetwork::getAsn)
                    .containsExactlyInAnyOrderElementsOf(BLOCKING);
            assertThat(opened.getNetworks())
                    .extracting(AffectedNetwork::getName)
                    .contains("Jazz (Pakistan Mobile Communications Ltd)");
            assertThat(opened.getTechniques().get(0).getTechnique()).isEqualTo(Technique.TLS_SNI_FILTERING);
            assertThat(opened.getHeadline())
                    .startsWith("X/Twitter, Facebook, Instagram and YouTube restricted nationwide in PK (5 networks, ");
            assertThat(opened.getSampleMeasurementIds()).isNotEmpty();
            long onset = fleet.minuteStart(ONSET);
            assertThat(opened.getStartTime().toEpochMilli()).isEqualTo(onset);
            assertThat(opened.getLastUpdateTime().toEpochMilli() - onset)
                    .as("event time from onset to evidence")
                    .isLessThanOrEqualTo(180_000);
            // the documented latency: sustain x window (2 failing windows) + grace (the second one's data awaited),
            // plus the
            // seconds until each network's next measurement moves its clock past that
            org.vantage.detect.config.DetectionThresholds t = org.vantage.detect.config.DetectionThresholds.defaults();
            long latency = t.sustainWindows() * t.windowMs() + t.grace().toMillis() + 10_000;
            assertThat(opened.getEmittedAt().toEpochMilli() - onset)
                    .as("onset to emission")
                    .isLessThanOrEqualTo(latency);

            DisruptionAlert resolved = alerts.get(alerts.size() - 1);
            assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            long recovery = fleet.minuteStart(RECOVERY);
            assertThat(resolved.getEndTime().toEpochMilli()).isEqualTo(recovery);
            assertThat(resolved.getEmittedAt().toEpochMilli() - recovery)
                    .as("recovery to resolution")
                    .isLessThanOrEqualTo(300_000);
            assertThat(alerts.stream().map(DisruptionAlert::getSequence).collect(Collectors.toList()))
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, alerts.size())
                            .boxed()
                            .toList());
        }
    }

    @Test
    void aRecurringBlockIsANewIncidentThatNamesTheEarlierOneAsRelated() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), 5, START);
        Fleet.Conditions healthy = Fleet.healthy(0.02);
        Fleet.Conditions twoBlocks = (p, platform, minute, random) ->
                ((minute >= 5 && minute < 10) || (minute >= 20 && minute < 25)) && Fleet.BLOCKED_2024.contains(platform)
                        ? new Fleet.Result(Outcome.DNS_NXDOMAIN, 50)
                        : healthy.measure(p, platform, minute, random);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 30, twoBlocks);
            List<DisruptionAlert> opened = h.alerts().stream()
                    .filter(a -> a.getStatus() == AlertStatus.OPENED)
                    .toList();

            assertThat(opened).hasSize(2);
            assertThat(opened.get(0).getRelatedIncidents()).isEmpty();
            assertThat(opened.get(1).getIncidentId()).isNotEqualTo(opened.get(0).getIncidentId());
            assertThat(opened.get(1).getRelatedIncidents()).singleElement().satisfies(r -> {
                assertThat(r.getIncidentId()).isEqualTo(opened.get(0).getIncidentId());
                assertThat(r.getSimilarity()).isEqualTo(1.0);
                assertThat(r.getEndTime()).isNotNull();
            });
            assertThat(opened.get(1).getTechniques().get(0).getTechnique()).isEqualTo(Technique.DNS_TAMPERING);
        }
    }
}
