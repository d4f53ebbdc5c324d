package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;

/**
 * New-probe warm-up (VANTAGE_PROBE_WARMUP): probes that join a network already observed do not count until
 * they have been heard from for the warm-up, so a crowd of fabricated probes appearing at once cannot raise
 * an alert at once. The network's founding probes count from the start (a cold start is not delayed).
 */
class ProbeWarmupTest {
    static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
    static final int HONEST = 5;
    static final int ATTACKERS = 12; // well above what outvotes 5 honest probes (8, see the reliability module)
    static final int JOIN = 12;

    /** Honest probes see everything fine; the attackers report every platform but control reset after the ClientHello. */
    static final Fleet.Conditions LIE = (p, platform, minute, random) -> {
        if (!p.id().contains("attacker") || platform.equals(DetectionThresholds.CONTROL)) {
            return Fleet.Result.ok(120);
        }
        return new Fleet.Result(Outcome.TLS_RESET, 60);
    };

    /** One monitored network; its honest probes are healthy; at minute JOIN the attackers join it. */
    record Attack(Fleet fleet, DetectionHarness h) implements AutoCloseable {
        static Attack start(DetectionThresholds thresholds) {
            Fleet fleet = Fleet.of(Fleet.pakistan().subList(0, 1), HONEST, START);
            DetectionHarness h = new DetectionHarness(thresholds, START);
            h.reference(fleet.networks());
            h.run(fleet, 0, JOIN, Fleet.healthy(0));
            Fleet.Network network = fleet.networks().get(0);
            for (int i = 0; i < ATTACKERS; i++) {
                fleet.probes()
                        .add(new Fleet.Probe(
                                network.country() + "-" + network.asn() + "-attacker-" + i,
                                network,
                                100 + i,
                                "Punjab"));
            }
            return new Attack(fleet, h);
        }

        /** Runs minutes [JOIN + from, JOIN + to) of the attack; the alerts so far. */
        List<DisruptionAlert> minutes(int from, int to) {
            h.run(fleet, JOIN + from, JOIN + to, LIE);
            return h.alerts();
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void withoutAWarmupTheCrowdRaisesAnAlertWithinMinutes() {
        try (Attack a = Attack.start(DetectionThresholds.defaults().withProbeWarmup(Duration.ZERO))) {
            assertThat(a.minutes(0, 6))
                    .as("the attack works when new probes count at once")
                    .isNotEmpty();
        }
    }

    @Test
    void newProbesJoiningAMonitoredNetworkCountOnlyAfterTheWarmup() {
        DetectionThresholds t = DetectionThresholds.defaults();
        assertThat(t.probeWarmup()).isEqualTo(Duration.ofMinutes(10));
        try (Attack a = Attack.start(t)) {
            // for the whole warm-up the attackers are heard from (they keep the network from looking silent) but not
            // counted
            assertThat(a.minutes(0, 10)).isEmpty();
            int perRound = Fleet.TARGETS.values().stream().mapToInt(List::size).sum();
            assertThat(a.h().metrics.warmingUpCount()).isEqualTo((double) ATTACKERS * perRound * 10);
            // a warm-up delays a patient attacker, it does not stop one: after it, the crowd counts like any probes
            assertThat(a.minutes(10, 16)).isNotEmpty();
        }
    }

    @Test
    void theProbesAFleetStartsWithCountFromTheStart() {
        Fleet fleet = Fleet.of(Fleet.pakistan(), HONEST, START);
        try (DetectionHarness h = new DetectionHarness(START)) {
            h.reference(fleet.networks());
            // a block from minute 3: the first probes of every network are founders, nothing waits for a warm-up
            h.run(
                    fleet,
                    0,
                    9,
                    (p, platform, minute, random) -> minute >= 3 && Fleet.BLOCKED_2024.contains(platform)
                            ? new Fleet.Result(Outcome.TLS_RESET, 60)
                            : Fleet.Result.ok(120));
            assertThat(h.alerts()).isNotEmpty();
            assertThat(h.metrics.warmingUpCount()).isZero();
        }
    }
}
