package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AffectedRegion;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;

/**
 * Regional shutdowns inside national networks, shaped on Pakistan's 2023-05-09: mobile data cut in Khyber
 * Pakhtunkhwa and Balochistan first, then nationwide. Every network has 11 probes spread over the provinces like
 * its users (5 Punjab, 3 Sindh, 1 Islamabad, 1 Khyber Pakhtunkhwa, 1 Balochistan), so the two provinces hold 2 of
 * each mobile operator's 11 probes (18 %): one probe per operator and province, too few to judge alone; the
 * detector pools the mobile operators' probes of each province.
 */
class RegionalShutdownTest {
    static final Instant START = Instant.parse("2023-05-09T12:00:00Z");
    static final String KP = "Khyber Pakhtunkhwa";
    static final String BALOCHISTAN = "Balochistan";
    static final List<String> PROVINCES = List.of(
            "Punjab", "Punjab", "Punjab", "Punjab", "Punjab", "Sindh", "Sindh", "Sindh", "Islamabad", KP, BALOCHISTAN);
    static final Set<Long> MOBILE = Set.of(45669L, 59257L, 24499L);
    static final int ONSET = 10;

    static Fleet fleet() {
        return Fleet.of(Fleet.pakistan(), PROVINCES.size(), START, PROVINCES);
    }

    static boolean mobileIn(Fleet.Probe p, String... regions) {
        return p.network().type() == NetworkType.MOBILE && List.of(regions).contains(p.region());
    }

    @Test
    void mobileDataCutInTwoProvincesOpensOneRegionalOutageNamingBothThatWidensToNationwideInTheSameIncident() {
        Fleet fleet = fleet();
        int national = ONSET + 20;
        Fleet.Conditions healthy = Fleet.healthy(0.02);
        Fleet.Conditions shutdown = (p, platform, minute, random) -> {
            boolean regional = minute >= ONSET && mobileIn(p, KP, BALOCHISTAN);
            boolean nationwide = minute >= national;
            return regional || nationwide
                    ? new Fleet.Result(Outcome.TCP_TIMEOUT, 10_000)
                    : healthy.measure(p, platform, minute, random);
        };
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, ONSET, shutdown);
            assertThat(h.alerts()).as("nothing before the shutdown").isEmpty();

            h.run(fleet, ONSET, national, shutdown);
            List<DisruptionAlert> regional = h.alerts();
            assertThat(regional)
                    .as("one incident while only the two provinces are cut")
                    .isNotEmpty()
                    .extracting(DisruptionAlert::getIncidentId)
                    .containsOnly(regional.get(0).getIncidentId());
            DisruptionAlert opened = regional.get(0);
            long onset = fleet.minuteStart(ONSET);
            long onsetToAlert = opened.getEmittedAt().toEpochMilli() - onset;
            System.out.printf(
                    "regional outage: onset to OPENED alert %.1f min of event time (evidence at onset + %.1f min)%n",
                    onsetToAlert / 60_000.0, (opened.getLastUpdateTime().toEpochMilli() - onset) / 60_000.0);
            assertThat(onsetToAlert).as("onset to alert, event time").isLessThanOrEqualTo(5 * 60_000);

            assertThat(opened.getStatus()).isEqualTo(AlertStatus.OPENED);
            assertThat(opened.getClassification()).isEqualTo(Classification.NETWORK_OUTAGE);
            assertThat(opened.getScope()).isEqualTo(Scope.REGIONAL);
            assertThat(opened.getRegions()).containsExactly(BALOCHISTAN, KP);
            assertThat(opened.getNetworks())
                    .extracting(AffectedNetwork::getAsn)
                    .containsExactlyInAnyOrderElementsOf(MOBILE);
            assertThat(opened.getNetworks())
                    .allSatisfy(n -> assertThat(n.getRegions()).containsExactly(BALOCHISTAN, KP));
            assertThat(opened.getAffectedRegions())
                    .extracting(AffectedRegion::getRegion)
                    .containsExactly(BALOCHISTAN, KP);
            assertThat(opened.getAffectedRegions()).allSatisfy(r -> {
                assertThat(r.getAsns()).containsExactlyInAnyOrderElementsOf(MOBILE);
                assertThat(r.getNetworkTypes()).containsExactly("MOBILE");
                assertThat(r.getProbes()).isEqualTo(3);
                assertThat(r.getFailingProbes()).isEqualTo(3);
            });
            // 2023 census: Balochistan 14,894,402 and Khyber Pakhtunkhwa 40,856,097 of 241,499,431
            assertThat(opened.getAffectedRegions().get(0).getPopulationShare()).isCloseTo(0.062, within(0.001));
            assertThat(opened.getAffectedRegions().get(1).getPopulationShare()).isCloseTo(0.169, within(0.001));
            assertThat(opened.getRegionsPopulationShare()).isCloseTo(0.231, within(0.001));
            assertThat(opened.getAffectedUserShare())
                    .as("the mobile operators' users in the two provinces")
                    .isGreaterThan(0.1)
                    .isLessThan(0.231);
            assertThat(opened.getTechniques())
                    .extracting(t -> t.getTechnique())
                    .containsExactly(Technique.CONNECTIVITY_LOSS);
            assertThat(opened.getHeadline())
                    .startsWith("Network outage in Balochistan and Khyber Pakhtunkhwa, PK (3 networks, ");
            assertThat(regional)
                    .as("no alert resolves or replaces it while the provinces stay cut")
                    .allSatisfy(a -> assertThat(a.getStatus()).isNotEqualTo(AlertStatus.RESOLVED));

            h.run(fleet, national, national + 6, shutdown);
            List<DisruptionAlert> all = h.alerts();
            assertThat(all)
                    .extracting(DisruptionAlert::getIncidentId)
                    .as("widening keeps the incident")
                    .containsOnly(opened.getIncidentId());
            DisruptionAlert widened = all.get(all.size() - 1);
            assertThat(widened.getStatus()).isEqualTo(AlertStatus.UPDATED);
            assertThat(widened.getScope()).isEqualTo(Scope.NATIONWIDE);
            assertThat(widened.getNetworks()).hasSize(7);
            long nationalOnset = fleet.minuteStart(national);
            System.out.printf(
                    "nationwide: onset of the national shutdown to UPDATED NATIONWIDE %.1f min of event time (%d alerts in all)%n",
                    (widened.getEmittedAt().toEpochMilli() - nationalOnset) / 60_000.0, all.size());
            // silent networks are seen by the wall-clock check (silence after + its period), and the country assesses
            // them
            // with the next window the other networks' clocks judge (a window and the grace later)
            org.vantage.detect.config.DetectionThresholds t = org.vantage.detect.config.DetectionThresholds.defaults();
            long latency = t.silenceAfter()
                    .plus(t.silenceCheckInterval())
                    .plus(t.windowSize())
                    .plus(t.grace())
                    .toMillis();
            assertThat(widened.getEmittedAt().toEpochMilli() - nationalOnset).isLessThanOrEqualTo(latency);
        }
    }

    @Test
    void platformsFailingOnlyInOneProvinceWithControlFineAreARegionalRestriction() {
        Fleet fleet = fleet();
        Fleet.Conditions healthy = Fleet.healthy(0.02);
        Fleet.Conditions blocked = (p, platform, minute, random) -> minute >= ONSET
                        && p.region().equals(BALOCHISTAN)
                        && (platform.equals("twitter") || platform.equals("youtube"))
                ? new Fleet.Result(Outcome.TLS_RESET, 300)
                : healthy.measure(p, platform, minute, random);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, ONSET + 8, blocked);
            List<DisruptionAlert> alerts = h.alerts();

            assertThat(alerts)
                    .isNotEmpty()
                    .extracting(DisruptionAlert::getIncidentId)
                    .containsOnly(alerts.get(0).getIncidentId());
            DisruptionAlert opened = alerts.get(0);
            long onset = fleet.minuteStart(ONSET);
            System.out.printf(
                    "regional restriction: onset to OPENED alert %.1f min of event time%n",
                    (opened.getEmittedAt().toEpochMilli() - onset) / 60_000.0);
            assertThat(opened.getEmittedAt().toEpochMilli() - onset).isLessThanOrEqualTo(5 * 60_000);
            assertThat(opened.getClassification()).isEqualTo(Classification.PLATFORM_RESTRICTION);
            assertThat(opened.getScope()).isEqualTo(Scope.REGIONAL);
            assertThat(opened.getRegions()).containsExactly(BALOCHISTAN);
            assertThat(opened.getPlatforms()).containsExactly("twitter", "youtube");
            assertThat(opened.getNetworks()).hasSize(7).allSatisfy(n -> {
                assertThat(n.getRegions()).containsExactly(BALOCHISTAN);
                assertThat(n.getPlatforms()).containsExactly("twitter", "youtube");
            });
            assertThat(opened.getAffectedRegions()).singleElement().satisfies(r -> {
                assertThat(r.getNetworkTypes()).containsExactly("FIXED", "MOBILE");
                assertThat(r.getPopulationShare()).isCloseTo(0.062, within(0.001));
            });
            assertThat(opened.getTechniques().get(0).getTechnique()).isEqualTo(Technique.TLS_SNI_FILTERING);
            assertThat(opened.getHeadline())
                    .startsWith("X/Twitter and YouTube restricted in Balochistan, PK (7 networks, ");
            assertThat(alerts).noneMatch(a -> a.getClassification() == Classification.NETWORK_OUTAGE);
        }
    }

    @Test
    void aProvinceWithFewProbesWhereOneIsFlakyOpensNothing() {
        // Gilgit-Baltistan: one probe per network; Jazz's there fails on and off, control included
        List<String> regions =
                List.of("Punjab", "Punjab", "Punjab", "Punjab", "Sindh", "Sindh", KP, BALOCHISTAN, "Gilgit-Baltistan");
        Fleet fleet = Fleet.of(Fleet.pakistan(), regions.size(), START, regions);
        Fleet.Conditions noisy = (p, platform, minute, random) -> {
            if (p.network().asn() == 45669 && p.region().equals("Gilgit-Baltistan") && (minute / 3) % 2 == 0) {
                return new Fleet.Result(
                        Outcome.TCP_TIMEOUT, 10_000); // the flaky probe: everything fails, minutes at a time
            }
            return random.nextDouble() < 0.05
                    ? new Fleet.Result(Outcome.TCP_TIMEOUT, 10_000)
                    : Fleet.Result.ok(150 + random.nextInt(400));
        };
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, 45, noisy);

            List<DisruptionAlert> alerts = h.alerts();
            System.out.printf(
                    "healthy with a flaky probe in a small province, 45 minutes: %d incident(s)%n",
                    alerts.stream()
                            .map(DisruptionAlert::getIncidentId)
                            .distinct()
                            .count());
            assertThat(alerts).isEmpty();
            // the flaky probe was judged: its region's statuses show it failing, the pool does not follow it
            assertThat(h.statuses())
                    .anySatisfy(s -> assertThat(s.regions()).anySatisfy(r -> {
                        assertThat(r.region()).isEqualTo("Gilgit-Baltistan");
                        assertThat(r.platform("control"))
                                .hasValueSatisfying(
                                        v -> assertThat(v.failureRate()).isEqualTo(1.0));
                    }));
        }
    }

    @Test
    void probesOfTwoProvincesFallingSilentWhileTheRestReportsOpenARegionalOutageOnWallClockTime() {
        Fleet fleet = fleet();
        int back = ONSET + 10;
        Fleet.Conditions healthy = Fleet.healthy(0.02);
        // the mobile probes of the two provinces stop entirely (no measurements, no heartbeats): their uploads are cut
        // too
        Fleet.Conditions cut =
                (p, platform, minute, random) -> minute >= ONSET && minute < back && mobileIn(p, KP, BALOCHISTAN)
                        ? null
                        : healthy.measure(p, platform, minute, random);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            h.run(fleet, 0, ONSET + 2, cut);
            assertThat(h.alerts())
                    .as("silence not declared before VANTAGE_SILENCE_AFTER (3 min)")
                    .isEmpty();

            h.run(fleet, ONSET + 2, back, cut);
            List<DisruptionAlert> alerts = h.alerts();
            assertThat(alerts).isNotEmpty();
            DisruptionAlert opened = alerts.get(0);
            long lastHeard = fleet.minuteStart(ONSET) - 60_000;
            System.out.printf(
                    "regional silence: last sign of life to OPENED alert %.1f min (wall clock = event time + 2 s here)%n",
                    (opened.getEmittedAt().toEpochMilli() - lastHeard) / 60_000.0);
            assertThat(opened.getStatus()).isEqualTo(AlertStatus.OPENED);
            assertThat(opened.getClassification()).isEqualTo(Classification.NETWORK_OUTAGE);
            assertThat(opened.getScope()).isEqualTo(Scope.REGIONAL);
            // each province is declared silent once its own probes' last signs of life are VANTAGE_SILENCE_AFTER old
            assertThat(opened.getRegions()).isNotEmpty().isSubsetOf(BALOCHISTAN, KP);
            assertThat(opened.getNetworks())
                    .extracting(AffectedNetwork::getAsn)
                    .containsExactlyInAnyOrderElementsOf(MOBILE);
            assertThat(opened.getNetworks())
                    .allSatisfy(n -> assertThat(n.getSilent()).isTrue());
            DisruptionAlert both = alerts.get(alerts.size() - 1);
            assertThat(both.getIncidentId()).isEqualTo(opened.getIncidentId());
            assertThat(both.getRegions()).containsExactly(BALOCHISTAN, KP);
            assertThat(alerts)
                    .as("OPENED, then at most an UPDATED adding the second province")
                    .hasSizeLessThanOrEqualTo(2);
            assertThat(opened.getAffectedRegions())
                    .allSatisfy(r -> assertThat(r.getSilent()).isTrue());
            assertThat(opened.getTechniques())
                    .extracting(t -> t.getTechnique())
                    .containsExactly(Technique.PROBE_SILENCE);
            assertThat(opened.getEmittedAt().toEpochMilli() - lastHeard).isLessThanOrEqualTo(5 * 60_000);

            h.run(fleet, back, back + 8, cut);
            DisruptionAlert last = h.alerts().get(h.alerts().size() - 1);
            assertThat(last.getIncidentId()).isEqualTo(opened.getIncidentId());
            assertThat(last.getStatus()).as("the provinces' probes are back").isEqualTo(AlertStatus.RESOLVED);
        }
    }

    @Test
    void healthyTrafficWhereProbesLoseTheirOwnConnectionNowAndThenOpensNoIncident() {
        long incidents = 0;
        long episodes = 0;
        for (int seed = 1; seed <= 3; seed++) {
            Fleet fleet = fleet();
            int s = seed;
            // each probe loses its own connection (everything fails, control included) now and then, independently of
            // the
            // others: a drop-out starts in 1.5 % of its minutes and lasts 1 to 4 minutes (about 4 % of the time down),
            // so
            // in the pools of three to five probes of a province two or three are now and then down at once
            java.util.Random draw = new java.util.Random(seed);
            java.util.Map<String, boolean[]> down = new java.util.HashMap<>();
            for (Fleet.Probe p : fleet.probes()) {
                boolean[] minutes = new boolean[40];
                for (int m = 0; m < minutes.length; m++) {
                    if (draw.nextDouble() < 0.015) {
                        episodes++;
                        for (int k = m, end = m + 1 + draw.nextInt(4); k < end && k < minutes.length; k++) {
                            minutes[k] = true;
                        }
                    }
                }
                down.put(p.id(), minutes);
            }
            Fleet.Conditions flapping = (p, platform, minute, random) -> {
                if (down.get(p.id())[minute]) {
                    return new Fleet.Result(Outcome.TCP_TIMEOUT, 10_000);
                }
                return random.nextDouble() < 0.05
                        ? new Fleet.Result(Outcome.TCP_TIMEOUT, 10_000)
                        : Fleet.Result.ok(150 + random.nextInt(400));
            };
            try (DetectionHarness h = new DetectionHarness(START)) {
                h.reference(fleet.networks());
                h.run(fleet, 0, 40, flapping);
                incidents += h.alerts().stream()
                        .map(DisruptionAlert::getIncidentId)
                        .distinct()
                        .count();
                h.alerts()
                        .forEach(a -> System.out.println("seed " + s + ": " + a.getStatus() + " " + a.getStartTime()
                                + " " + a.getHeadline() + " " + a.getAffectedRegions()));
            }
        }
        System.out.printf(
                "healthy with probes dropping out, 3 seeds x 40 minutes (%d probe drop-outs of 1-4 minutes): %d incident(s)%n",
                episodes, incidents);
        assertThat(episodes).as("the traffic really has drop-outs").isGreaterThan(100);
        assertThat(incidents).isZero();
    }
}
