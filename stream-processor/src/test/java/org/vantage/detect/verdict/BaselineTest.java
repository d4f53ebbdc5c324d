package org.vantage.detect.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BaselineTest {

    @Test
    void isNotUsedBeforeEnoughHealthyWindows() {
        Baseline b = Baseline.empty().learn(200.0, 0.0, 0.2).learn(220.0, 0.0, 0.2);
        assertThat(b.ready(3)).isFalse();
        assertThat(b.latencyRatio(2000.0, 3)).isNull();
        b.learn(210.0, 0.0, 0.2);
        assertThat(b.ready(3)).isTrue();
        assertThat(b.latencyRatio(2100.0, 3)).isCloseTo(10.0, within(0.2));
    }

    @Test
    void movesSlowlyOnceWarm() {
        Baseline b = Baseline.empty();
        for (int i = 0; i < 10; i++) {
            b.learn(200.0, 0.05, 0.2);
        }
        b.learn(2000.0, 0.05, 0.2);
        assertThat(b.latencyMs()).isLessThan(330.0);
        assertThat(b.failureRate).isCloseTo(0.05, within(1e-9));
    }

    @Test
    void ignoresWindowsWithoutLatency() {
        Baseline b = Baseline.empty().learn(null, 0.0, 0.2);
        assertThat(b.windows).isZero();
        assertThat(b.latencyMs()).isNull();
    }
}
