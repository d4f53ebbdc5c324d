package org.vantage.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmupRuleTest {
    static final long MINUTE = 60_000;
    final WarmupRule rule = new WarmupRule(Duration.ofMinutes(10));

    static NetworkState networkFirstHeardAt(long time) {
        NetworkState st = NetworkState.of("PK", 45669);
        st.firstEventTime = time;
        return st;
    }

    static NetworkState.ProbeSeen probeFirstHeardAt(long time) {
        NetworkState.ProbeSeen seen = new NetworkState.ProbeSeen();
        seen.firstEventTime = time;
        return seen;
    }

    @Test
    void aProbeThatArrivesWithTheNetworkCountsAtOnce() {
        assertThat(rule.warmingUp(networkFirstHeardAt(0), null, 5 * MINUTE)).isFalse();
        assertThat(rule.warmingUp(NetworkState.of("PK", 45669), null, 5 * MINUTE))
                .isFalse();
    }

    @Test
    void aProbeThatJoinsAnEstablishedNetworkWaitsForTheWarmUp() {
        NetworkState st = networkFirstHeardAt(MINUTE);
        assertThat(rule.warmingUp(st, null, 30 * MINUTE)).isTrue();
        assertThat(rule.warmingUp(st, probeFirstHeardAt(30 * MINUTE), 39 * MINUTE))
                .isTrue();
        assertThat(rule.warmingUp(st, probeFirstHeardAt(30 * MINUTE), 40 * MINUTE))
                .isFalse();
    }

    @Test
    void aProbeWhoseSpoolReachesBackToTheNetworksStartIsAFounder() {
        NetworkState st = networkFirstHeardAt(MINUTE);
        assertThat(rule.warmingUp(st, probeFirstHeardAt(30 * MINUTE), 15 * MINUTE))
                .isTrue();
        assertThat(rule.warmingUp(st, probeFirstHeardAt(30 * MINUTE), 5 * MINUTE))
                .isFalse();
    }

    @Test
    void aProbeHeardBeforeFirstHeardTimesWereKeptIsEstablished() {
        assertThat(rule.warmingUp(networkFirstHeardAt(MINUTE), probeFirstHeardAt(0), 30 * MINUTE))
                .isFalse();
    }

    @Test
    void noWarmUpCountsEveryProbeAtOnce() {
        assertThat(new WarmupRule(Duration.ZERO).warmingUp(networkFirstHeardAt(MINUTE), null, 30 * MINUTE))
                .isFalse();
    }
}
