package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vantage.detect.fixture.Fleet.always;
import static org.vantage.detect.fixture.Fleet.healthy;
import static org.vantage.detect.fixture.Fleet.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;

/** A platform's own outage, seen in several countries at once, is not censorship. */
class GlobalPlatformOutageTest {
    static final Instant START = Instant.parse("2024-03-05T15:00:00Z");

    @Test
    void aPlatformFailingInSeveralCountriesAtOnceIsAGlobalOutageNotARestriction() {
        List<Fleet.Network> networks = new ArrayList<>(Fleet.pakistan().subList(0, 4));
        networks.addAll(Fleet.neighbours());
        Fleet fleet = Fleet.of(networks, 4, START);
        Fleet.Conditions conditions = when((p, platform, minute) -> minute >= 8 && minute < 16 && platform.equals("youtube"),
                always(Outcome.HTTP_ERROR_STATUS, 900), healthy(0.02));
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 24, conditions);
            List<DisruptionAlert> alerts = h.alerts();

            assertThat(alerts).extracting(DisruptionAlert::getClassification).containsOnly(Classification.GLOBAL_PLATFORM_OUTAGE);
            assertThat(alerts).filteredOn(a -> a.getStatus() == AlertStatus.OPENED)
                    .extracting(DisruptionAlert::getCountry).containsExactlyInAnyOrder("PK", "IN", "BD");
            assertThat(alerts).filteredOn(a -> a.getStatus() == AlertStatus.OPENED)
                    .allSatisfy(a -> assertThat(a.getPlatforms()).containsExactly("youtube"));
            assertThat(alerts).filteredOn(a -> a.getStatus() == AlertStatus.RESOLVED).hasSize(3);
        }
    }
}
