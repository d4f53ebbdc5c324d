package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vantage.detect.fixture.Fleet.always;
import static org.vantage.detect.fixture.Fleet.healthy;
import static org.vantage.detect.fixture.Fleet.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.CountryEvidence;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;
import org.vantage.schema.Scope;

/** A platform's own outage, seen in several countries at once, is not censorship. */
class GlobalPlatformOutageTest {
    static final Instant START = Instant.parse("2024-03-05T15:00:00Z");

    @Test
    void aPlatformFailingInSeveralCountriesAtOnceIsAGlobalOutageNotARestriction() {
        List<Fleet.Network> networks = new ArrayList<>(Fleet.pakistan().subList(0, 4));
        networks.addAll(Fleet.neighbours());
        Fleet fleet = Fleet.of(networks, 4, START);
        Fleet.Conditions conditions = when(
                (p, platform, minute) -> minute >= 8 && minute < 16 && platform.equals("youtube"),
                always(Outcome.HTTP_ERROR_STATUS, 900),
                healthy(0.02));
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 24, conditions);
            List<DisruptionAlert> alerts = h.alerts();

            assertThat(alerts)
                    .extracting(DisruptionAlert::getClassification)
                    .containsOnly(Classification.GLOBAL_PLATFORM_OUTAGE);
            // one incident for the outage, not one per country
            assertThat(alerts)
                    .extracting(DisruptionAlert::getIncidentId)
                    .containsOnly(alerts.get(0).getIncidentId());
            DisruptionAlert opened = alerts.get(0);
            assertThat(opened.getStatus()).isEqualTo(AlertStatus.OPENED);
            assertThat(opened.getCountry()).isEqualTo("ZZ");
            assertThat(opened.getScope()).isEqualTo(Scope.GLOBAL);
            assertThat(opened.getPlatforms()).containsExactly("youtube");
            assertThat(opened.getCountries())
                    .extracting(CountryEvidence::getCountry)
                    .containsExactlyInAnyOrder("PK", "IN", "BD");
            assertThat(opened.getHeadline()).startsWith("YouTube down in 3 countries (BD, IN, PK)");
            assertThat(alerts)
                    .filteredOn(a -> a.getStatus() == AlertStatus.RESOLVED)
                    .hasSize(1);
        }
    }

    @Test
    void aBacklogReadAllAtOnceGivesTheOneGlobalIncidentAndNoRestrictionBesideIt() {
        List<Fleet.Network> networks = new ArrayList<>(Fleet.pakistan().subList(0, 4));
        networks.addAll(Fleet.neighbours());
        Fleet fleet = Fleet.of(networks, 4, START);
        Fleet.Conditions conditions = when(
                (p, platform, minute) -> minute >= 8 && minute < 16 && platform.equals("youtube"),
                always(Outcome.HTTP_ERROR_STATUS, 900),
                healthy(0.02));
        // a detector catching up after downtime: half an hour of measurements read within the same second of wall
        // clock, so every country completes all its windows at once, far more of them than the global stage's
        // decisions are remembered for; then live data again
        try (DetectionHarness h = new DetectionHarness(START.plus(Duration.ofMinutes(30)))) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 30, conditions);
            h.run(fleet, 30, 42, conditions);
            List<DisruptionAlert> alerts = h.alerts();

            assertThat(alerts)
                    .as("a platform's own outage, decided window by window however fast it was read")
                    .isNotEmpty()
                    .extracting(DisruptionAlert::getClassification)
                    .containsOnly(Classification.GLOBAL_PLATFORM_OUTAGE);
            assertThat(alerts)
                    .extracting(DisruptionAlert::getIncidentId)
                    .containsOnly(alerts.get(0).getIncidentId());
            assertThat(alerts.get(alerts.size() - 1).getStatus()).isEqualTo(AlertStatus.RESOLVED);
        }
    }

    @Test
    void aMetaStyleOutageOfThreePlatformsInFiveCountriesIsOneIncidentAndACountrysOwnBlockStaysItsOwn() {
        List<Fleet.Network> networks = new ArrayList<>(Fleet.pakistan().subList(0, 4));
        networks.addAll(Fleet.neighbours());
        // two countries observed on a single network each: before, each made an incident of its own
        networks.add(new Fleet.Network("LK", 18001, "Dialog Axiata", NetworkType.MOBILE, null, List.of()));
        networks.add(new Fleet.Network("NP", 23752, "Nepal Telecom", NetworkType.MOBILE, null, List.of()));
        Fleet fleet = Fleet.of(networks, 4, START);
        Set<String> meta = Set.of("facebook", "instagram", "whatsapp");
        Fleet.Conditions conditions = when(
                (p, platform, minute) -> (minute >= 8 && minute < 20 && meta.contains(platform))
                        || (minute >= 10
                                && minute < 20
                                && platform.equals("twitter")
                                && p.network().country().equals("PK")),
                always(Outcome.TCP_TIMEOUT, 10_000),
                healthy(0.02));
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 30, conditions);
            List<DisruptionAlert> alerts = h.alerts();
            alerts.forEach(a -> System.out.printf(
                    "%s %-8s %-13s %s%n", a.getAlertId(), a.getStatus(), a.getScope(), a.getHeadline()));

            List<DisruptionAlert> global = alerts.stream()
                    .filter(a -> a.getClassification() == Classification.GLOBAL_PLATFORM_OUTAGE)
                    .toList();
            assertThat(global)
                    .extracting(DisruptionAlert::getIncidentId)
                    .containsOnly(global.get(0).getIncidentId());
            assertThat(global).anySatisfy(a -> {
                assertThat(a.getPlatforms()).containsExactly("facebook", "instagram", "whatsapp");
                assertThat(a.getCountries())
                        .extracting(CountryEvidence::getCountry)
                        .containsExactlyInAnyOrder("PK", "IN", "BD", "LK", "NP");
            });
            assertThat(global.get(global.size() - 1).getStatus()).isEqualTo(AlertStatus.RESOLVED);
            // Pakistan's own block of X/Twitter at the same time is Pakistan's own incident
            List<DisruptionAlert> own = alerts.stream()
                    .filter(a -> a.getClassification() != Classification.GLOBAL_PLATFORM_OUTAGE)
                    .toList();
            assertThat(own).isNotEmpty().allSatisfy(a -> {
                assertThat(a.getCountry()).isEqualTo("PK");
                assertThat(a.getClassification()).isEqualTo(Classification.PLATFORM_RESTRICTION);
                assertThat(a.getPlatforms()).containsExactly("twitter");
            });
        }
    }
}
