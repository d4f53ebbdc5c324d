package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.TrustSettings;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Outcome;
import org.vantage.stack.ReferenceNetworks;

/**
 * How many fabricated probes does it take to make Vantage report a disruption that does not
 * exist? Colluding probes report every platform failing (TLS reset) while their control targets work - the
 * signature of censorship, the politically useful lie - on top of an honest, healthy Pakistani fleet. For
 * each attack the smallest k that makes the production detector (in a TopologyTestDriver) emit any alert is
 * searched; the test asserts that k is never below the detector's minimum of distinct probes.
 *
 * <p>Defences that exist: a minimum number of distinct probes per network (VANTAGE_MIN_PROBES), a per-probe
 * cap on the measurements per window that count (VANTAGE_MAX_SAMPLES_PER_PROBE), probe-weighted failure
 * rates, sustained evidence over several windows, and a warm-up for probes that join a network already
 * observed (VANTAGE_PROBE_WARMUP: they count only after being heard from for it). Per-probe rate limits are
 * broker quotas (ProbeQuotaTest), and enrollment (VANTAGE_PROBE_TRUST): with it, only probes an operator enrolled
 * for a network, and that sign their records, count there. The searches are repeated with enrollment on: the
 * attackers then need to be enrolled colluders (k probes an operator approved for the network they lie about);
 * unenrolled ones, dead-lettered ({@code enrolled}) or counted at a capped weight ({@code open}), change nothing.
 * Missing: reputation or agreement with a network's history.
 */
class PoisoningThresholdTest {
    static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
    static final int HONEST_PER_NETWORK = 5;
    static final DetectionThresholds THRESHOLDS = DetectionThresholds.defaults();
    /** Minutes of honest traffic before the attack: longer than the warm-up, so the network is established. */
    static final int ATTACK_FROM = 12;

    static final int WARMUP_MINUTES = (int) THRESHOLDS.probeWarmup().toMinutes();
    /** Long enough for the attackers to finish their warm-up and then sustain the evidence. */
    static final int MINUTES = ATTACK_FROM + WARMUP_MINUTES + 8;

    static final int SEARCH_LIMIT = 64;
    static final List<NetworkInfo> PK = ReferenceNetworks.bundled().stream()
            .filter(n -> n.getCountry().equals("PK"))
            .toList();

    @AfterAll
    static void publish() {
        ReliabilityFigures.publish();
    }

    @Test
    void theHonestFleetAloneRaisesNoAlert() {
        assertThat(alertsWith(0, Attack.ONE_MONITORED_NETWORK)).isEmpty();
    }

    @Test
    void duringTheirWarmupNoCrowdOfNewProbesInMonitoredNetworksRaisesAnAlert() {
        for (Attack attack : List.of(Attack.ONE_MONITORED_NETWORK, Attack.NEW_PROBES_ACROSS_COUNTRY)) {
            assertThat(alertsWith(SEARCH_LIMIT, attack, ATTACK_FROM + WARMUP_MINUTES))
                    .as(attack + " with k = " + SEARCH_LIMIT)
                    .isEmpty();
            ReliabilityFigures.line(
                    "Poisoning (TopologyTestDriver, honest fleet " + HONEST_PER_NETWORK
                            + " probes per network, min probes " + THRESHOLDS.minProbes() + ")",
                    attack + ", during the " + WARMUP_MINUTES
                            + "-minute warm-up: smallest k that changes any alert = > " + SEARCH_LIMIT);
        }
    }

    @Test
    void colludingProbesInAMonitoredNetworkNeedToOutnumberTheHonestOnes() {
        int k = smallestK(Attack.ONE_MONITORED_NETWORK);
        report(Attack.ONE_MONITORED_NETWORK, k);
        assertThat(k)
                .as("fabricated probes needed against " + HONEST_PER_NETWORK + " honest ones")
                .isGreaterThan(HONEST_PER_NETWORK)
                .isGreaterThanOrEqualTo(THRESHOLDS.minProbes());
    }

    @Test
    void colludingProbesClaimingAnUnmonitoredNetworkNeedAtLeastTheMinimumOfDistinctProbes() {
        int k = smallestK(Attack.UNMONITORED_NETWORK);
        report(Attack.UNMONITORED_NETWORK, k);
        assertThat(k).isGreaterThanOrEqualTo(THRESHOLDS.minProbes());
        ReliabilityFigures.poisoningThreshold(k);
    }

    @Test
    void manyNewProbesAcrossTheCountryNeedToOutnumberTheHonestFleetOnAtLeastOneNetwork() {
        int k = smallestK(Attack.NEW_PROBES_ACROSS_COUNTRY);
        report(Attack.NEW_PROBES_ACROSS_COUNTRY, k);
        assertThat(k).isGreaterThanOrEqualTo(THRESHOLDS.minProbes());
    }

    /** Which probes the detector believes, and who the attackers are. */
    enum Enrollment {
        /** VANTAGE_PROBE_TRUST=off: every probe counts (the figures without enrollment). */
        OFF(TrustSettings.Mode.OFF),
        /** VANTAGE_PROBE_TRUST=enrolled, the attackers enrolled for the network they lie about: colluders an operator approved. */
        ENROLLED_COLLUDERS(TrustSettings.Mode.ENROLLED),
        /** VANTAGE_PROBE_TRUST=enrolled, the attackers not enrolled: their unsigned records are dead-lettered. */
        UNENROLLED(TrustSettings.Mode.ENROLLED),
        /** VANTAGE_PROBE_TRUST=open, the attackers not enrolled: counted at a reduced, capped weight. */
        OPEN_FLEET(TrustSettings.Mode.OPEN);

        final DetectionThresholds thresholds;

        Enrollment(TrustSettings.Mode mode) {
            TrustSettings d = TrustSettings.defaults();
            this.thresholds = THRESHOLDS.withTrust(new TrustSettings(mode, d.openFleetWeight(), d.openFleetCap()));
        }
    }

    @Test
    void enrolledColludersInAMonitoredNetworkNeedToOutnumberTheHonestOnes() {
        int k = smallestK(Attack.ONE_MONITORED_NETWORK, Enrollment.ENROLLED_COLLUDERS);
        report(Attack.ONE_MONITORED_NETWORK, Enrollment.ENROLLED_COLLUDERS, k);
        assertThat(k).isGreaterThan(HONEST_PER_NETWORK).isGreaterThanOrEqualTo(THRESHOLDS.minProbes());
        // every alert says how many of its probes were enrolled and verified: here all of them, liars included
        assertThat(alertsWith(k, Attack.ONE_MONITORED_NETWORK, MINUTES, Enrollment.ENROLLED_COLLUDERS))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.getNetworks())
                        .allSatisfy(n -> assertThat(n.getVerifiedProbes()).isEqualTo(n.getProbes())));
    }

    @Test
    void enrolledColludersClaimingAnUnmonitoredNetworkNeedAtLeastTheMinimumOfDistinctProbes() {
        int k = smallestK(Attack.UNMONITORED_NETWORK, Enrollment.ENROLLED_COLLUDERS);
        report(Attack.UNMONITORED_NETWORK, Enrollment.ENROLLED_COLLUDERS, k);
        assertThat(k).isGreaterThanOrEqualTo(THRESHOLDS.minProbes());
    }

    @Test
    void unenrolledProbesAloneChangeNoAlertWhateverTheirNumber() {
        for (Enrollment e : List.of(Enrollment.UNENROLLED, Enrollment.OPEN_FLEET)) {
            for (Attack attack : Attack.values()) {
                assertThat(alertsWith(SEARCH_LIMIT, attack, MINUTES, e))
                        .as(attack + ", " + e + ", k = " + SEARCH_LIMIT)
                        .isEmpty();
                report(attack, e, SEARCH_LIMIT + 1);
            }
        }
    }

    enum Attack {
        /** k fabricated probes join one network that also has honest probes. */
        ONE_MONITORED_NETWORK,
        /** k fabricated probes claim a network that has no honest probe at all. */
        UNMONITORED_NETWORK,
        /** k new probes spread round-robin over every monitored network of the country. */
        NEW_PROBES_ACROSS_COUNTRY
    }

    static void report(Attack attack, int k) {
        report(attack, Enrollment.OFF, k);
    }

    static void report(Attack attack, Enrollment enrollment, int k) {
        ReliabilityFigures.line(
                "Poisoning (TopologyTestDriver, honest fleet " + HONEST_PER_NETWORK + " probes per network, min probes "
                        + THRESHOLDS.minProbes() + ")",
                attack + ", probe trust " + enrollment
                        + (attack == Attack.UNMONITORED_NETWORK ? "" : ", after the warm-up")
                        + ": smallest k that changes any alert = "
                        + (k > SEARCH_LIMIT ? "> " + SEARCH_LIMIT : Integer.toString(k)));
    }

    /** Smallest k in 1..SEARCH_LIMIT for which an alert appears (SEARCH_LIMIT + 1 if none); alerts grow with k. */
    static int smallestK(Attack attack) {
        return smallestK(attack, Enrollment.OFF);
    }

    static int smallestK(Attack attack, Enrollment enrollment) {
        IntPredicate alerts = k -> !alertsWith(k, attack, MINUTES, enrollment).isEmpty();
        if (!alerts.test(SEARCH_LIMIT)) {
            return SEARCH_LIMIT + 1;
        }
        int lo = 0; // no alert at lo (checked by theHonestFleetAloneRaisesNoAlert)
        int hi = SEARCH_LIMIT; // alert at hi
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (alerts.test(mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        // check monotonicity around the threshold: one fewer must not alert
        assertThat(alerts.test(hi - 1))
                .as("k - 1 = " + (hi - 1) + " raises no alert")
                .isFalse();
        return hi;
    }

    static List<DisruptionAlert> alertsWith(int k, Attack attack) {
        return alertsWith(k, attack, MINUTES);
    }

    static List<DisruptionAlert> alertsWith(int k, Attack attack, int minutes) {
        return alertsWith(k, attack, minutes, Enrollment.OFF);
    }

    static List<DisruptionAlert> alertsWith(int k, Attack attack, int minutes, Enrollment enrollment) {
        NetworkInfo unmonitored = PK.get(PK.size() - 1);
        List<NetworkInfo> monitored = attack == Attack.UNMONITORED_NETWORK ? PK.subList(0, PK.size() - 1) : PK;
        Fleet traffic = Fleet.ofReference(monitored, HONEST_PER_NETWORK, START, "poison-" + k, 3);
        switch (attack) {
            case ONE_MONITORED_NETWORK -> traffic.addProbes(monitored.get(3), k, "attacker");
            case UNMONITORED_NETWORK -> traffic.addProbes(unmonitored, k, "attacker");
            case NEW_PROBES_ACROSS_COUNTRY -> {
                for (int i = 0; i < k; i++) {
                    traffic.addProbes(monitored.get(i % monitored.size()), 1, "attacker-" + i);
                }
            }
        }
        // the fabricated probes appear at ATTACK_FROM (new probes, no history) and report every platform blocked
        Fleet.Conditions lie = Fleet.outcomes((p, platform, minute) -> {
            if (!p.id().startsWith("attacker")) {
                return Outcome.OK;
            }
            if (minute < ATTACK_FROM) {
                return null;
            }
            return platform.equals(DetectionThresholds.CONTROL) ? Outcome.OK : Outcome.TLS_RESET;
        });
        try (DetectionHarness h = new DetectionHarness(enrollment.thresholds, START)) {
            h.reference(Fleet.networks(PK));
            if (enrollment != Enrollment.OFF) {
                for (Fleet.Probe p : traffic.probes()) {
                    if (!p.id().startsWith("attacker") || enrollment == Enrollment.ENROLLED_COLLUDERS) {
                        h.enroll(p.id(), p.key());
                    }
                }
            }
            h.pipe(traffic.minutes(0, minutes, lie));
            return h.alerts();
        }
    }
}
