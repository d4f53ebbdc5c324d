package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vantage.detect.fixture.Fleet.always;
import static org.vantage.detect.fixture.Fleet.healthy;
import static org.vantage.detect.fixture.Fleet.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;

/** Network outages: control targets failing on a network, or a network's probes falling silent. */
class NetworkOutageTest {
    static final Instant START = Instant.parse("2024-02-08T06:00:00Z");

    @Test
    void oneNetworkDownIsASingleNetworkOutageNeverNationwide() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), 5, START);
        Fleet.Conditions conditions = when(
                (p, platform, minute) -> minute >= 8 && p.network().asn() == 45669,
                always(Outcome.TCP_TIMEOUT, 10_000),
                healthy(0.02));
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 16, conditions);
            List<DisruptionAlert> alerts = h.alerts();

            assertThat(alerts).isNotEmpty();
            assertThat(alerts).allSatisfy(a -> {
                assertThat(a.getClassification()).isEqualTo(Classification.NETWORK_OUTAGE);
                assertThat(a.getScope()).isEqualTo(Scope.SINGLE_NETWORK);
            });
            DisruptionAlert opened = alerts.get(0);
            assertThat(opened.getStatus()).isEqualTo(AlertStatus.OPENED);
            assertThat(opened.getNetworks()).extracting(AffectedNetwork::getAsn).containsExactly(45669L);
            assertThat(opened.getPlatforms()).isEmpty();
            assertThat(opened.getTechniques()).extracting(t -> t.getTechnique()).contains(Technique.CONNECTIVITY_LOSS);
            assertThat(opened.getHeadline()).isEqualTo("Network outage on Jazz in PK (1 network, 35% of users)");
        }
    }

    @Test
    void allMobileNetworksDownWhileFixedLinesWorkIsAnOutageScopedToTheMobileNetworks() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), 5, START);
        Fleet.Conditions conditions = when(
                (p, platform, minute) -> minute >= 8 && p.network().type() == NetworkType.MOBILE,
                always(Outcome.DNS_TIMEOUT, 5_000),
                healthy(0.02));
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 16, conditions);
            List<DisruptionAlert> alerts = h.alerts();

            assertThat(alerts)
                    .extracting(DisruptionAlert::getIncidentId)
                    .containsOnly(alerts.get(0).getIncidentId());
            DisruptionAlert opened = alerts.get(0);
            assertThat(opened.getClassification()).isEqualTo(Classification.NETWORK_OUTAGE);
            assertThat(opened.getScope()).isEqualTo(Scope.MULTI_NETWORK);
            assertThat(opened.getNetworks())
                    .extracting(AffectedNetwork::getAsn)
                    .containsExactlyInAnyOrder(45669L, 59257L, 24499L);
            assertThat(opened.getNetworks())
                    .allSatisfy(n -> assertThat(n.getNetworkType()).isEqualTo(NetworkType.MOBILE));
            assertThat(opened.getHeadline()).startsWith("Network outage on mobile networks ");
        }
    }

    @Test
    void theResolvedAlertOfAnOutageThatShrankBeforeItEndedTellsTheIncidentAtItsWidest() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), 5, START);
        // the three mobile networks go down at minute 8; Jazz and Zong recover at minute 20, Telenor at minute 30
        Fleet.Conditions conditions = when(
                (p, platform, minute) -> p.network().type() == NetworkType.MOBILE
                        && minute >= 8
                        && minute < (p.network().asn() == 24499 ? 30 : 20),
                always(Outcome.DNS_TIMEOUT, 5_000),
                healthy(0.02));
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 40, conditions);
            List<DisruptionAlert> alerts = h.alerts();

            DisruptionAlert resolved = alerts.get(alerts.size() - 1);
            assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alerts).extracting(DisruptionAlert::getIncidentId).containsOnly(resolved.getIncidentId());
            // what was still affected at the end ...
            assertThat(resolved.getNetworks())
                    .extracting(AffectedNetwork::getAsn)
                    .containsExactly(24499L);
            // ... beside the incident at its widest
            assertThat(resolved.getPeak().getNetworks())
                    .extracting(AffectedNetwork::getAsn)
                    .containsExactlyInAnyOrder(45669L, 59257L, 24499L);
            assertThat(resolved.getPeak().getScope()).isEqualTo(Scope.MULTI_NETWORK);
            assertThat(resolved.getPeak().getAffectedUserShare()).isGreaterThan(resolved.getAffectedUserShare());
            assertThat(resolved.getPeak().getDurationMs())
                    .isEqualTo(resolved.getEndTime().toEpochMilli()
                            - resolved.getStartTime().toEpochMilli());
            assertThat(resolved.getHeadline())
                    .matches("Resolved after 2[0-9]m: Network outage on mobile networks "
                            + "Jazz, Zong and Telenor Pakistan in PK \\(3 networks, [0-9]+% of users\\)");
        }
    }

    @Test
    void aNetworkWhoseProbesFallSilentIsDetectedOnWallClockTimeWithoutNewRecords() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), 5, START);
        int cut = 10;
        // Zong's probes stop entirely (no measurements, no heartbeats) from minute 10; the others a minute later.
        Fleet.Conditions conditions =
                (p, platform, minute, random) -> minute >= cut && p.network().asn() == 59257
                        ? null
                        : healthy(0.02).measure(p, platform, minute, random);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, cut + 1, conditions);
            assertThat(h.alerts())
                    .as("silence not declared before " + Duration.ofMinutes(3))
                    .isEmpty();

            // No record arrives any more: only the wall clock moves.
            h.advanceWallClock(Duration.ofSeconds(150));
            List<DisruptionAlert> alerts = h.alerts();

            assertThat(alerts).hasSize(1);
            DisruptionAlert opened = alerts.get(0);
            assertThat(opened.getStatus()).isEqualTo(AlertStatus.OPENED);
            assertThat(opened.getClassification()).isEqualTo(Classification.NETWORK_OUTAGE);
            assertThat(opened.getScope()).isEqualTo(Scope.SINGLE_NETWORK);
            assertThat(opened.getNetworks()).singleElement().satisfies(n -> {
                assertThat(n.getAsn()).isEqualTo(59257L);
                assertThat(n.getSilent()).isTrue();
            });
            assertThat(opened.getTechniques())
                    .extracting(t -> t.getTechnique())
                    .containsExactly(Technique.PROBE_SILENCE);
        }
    }
}
