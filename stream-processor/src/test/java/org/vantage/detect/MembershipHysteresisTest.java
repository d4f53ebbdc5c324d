package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;

/**
 * Membership of an open incident has the same hysteresis as opening and resolving it: a network joins on
 * sustained failures and leaves only after it has been seen recovered for the resolve period, so a network
 * whose failures waver (some windows below the disruption threshold, not healthy) does not drop out of the
 * incident and back in, an UPDATED alert each time.
 */
class MembershipHysteresisTest {
    static final Instant START = Instant.parse("2024-05-09T10:00:00Z");
    static final Set<String> BLOCKED = Set.of("twitter", "youtube");

    @Test
    void aNetworkWhoseFailuresWaverStaysInTheIncidentInsteadOfDroppingOutAndBackIn() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), 4, START);
        // the mobile networks block two platforms from minute 8; on Telenor the block is leaky in two stretches,
        // a minority of its measurements failing (degraded, not healthy)
        Fleet.Conditions conditions = (p, platform, minute, random) -> {
            boolean blocked = p.network().type() == NetworkType.MOBILE
                    && BLOCKED.contains(platform)
                    && minute >= 8
                    && minute < 40;
            boolean leaky =
                    p.network().asn() == 24499 && ((minute >= 14 && minute < 22) || (minute >= 28 && minute < 36));
            if (blocked && (!leaky || random.nextDouble() < 0.35)) {
                return new Fleet.Result(Outcome.TLS_RESET, 10_000);
            }
            return Fleet.healthy(0.02).measure(p, platform, minute, random);
        };
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 50, conditions);
            List<DisruptionAlert> alerts = h.alerts();
            alerts.forEach(a -> System.out.printf(
                    "%s %s %s%n",
                    a.getAlertId(),
                    a.getStatus(),
                    a.getNetworks().stream()
                            .map(AffectedNetwork::getAsn)
                            .sorted()
                            .toList()));

            assertThat(alerts.stream().map(DisruptionAlert::getIncidentId).distinct())
                    .hasSize(1);
            // Telenor is in every alert from the one where it first appears until the incident resolves
            int joined = -1;
            for (int i = 0; i < alerts.size(); i++) {
                boolean telenor = alerts.get(i).getNetworks().stream().anyMatch(n -> n.getAsn() == 24499);
                if (telenor && joined < 0) {
                    joined = i;
                }
                if (joined >= 0 && alerts.get(i).getStatus() != AlertStatus.RESOLVED) {
                    assertThat(telenor)
                            .as("Telenor in alert %s", alerts.get(i).getAlertId())
                            .isTrue();
                }
            }
            assertThat(joined).isNotNegative();
        }
    }
}
