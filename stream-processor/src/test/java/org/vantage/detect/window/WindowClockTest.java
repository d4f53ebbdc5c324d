package org.vantage.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowClockTest {
    final WindowClock clock = new WindowClock(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(5));

    @Test
    void anEventFallsInTheMinuteThatContainsIt() {
        assertThat(clock.startOf(125_000)).isEqualTo(120_000);
        assertThat(clock.startOf(120_000)).isEqualTo(120_000);
        assertThat(clock.endOf(120_000)).isEqualTo(180_000);
    }

    @Test
    void anEventBeforeTheEpochFallsInTheWindowBelowIt() {
        assertThat(clock.startOf(-1)).isEqualTo(-60_000);
    }

    @Test
    void aWindowIsJudgedOnceTheWatermarkIsTheEmitDelayPastItsEnd() {
        assertThat(clock.dueAt(180_000)).isEqualTo(190_000);
        assertThat(clock.isDue(180_000, 189_999)).isFalse();
        assertThat(clock.isDue(180_000, 190_000)).isTrue();
    }

    @Test
    void aWindowClosesOnceTheWatermarkIsTheGracePastItsEnd() {
        assertThat(clock.closesAt(180_000)).isEqualTo(480_000);
        assertThat(clock.isClosed(180_000, 479_999)).isFalse();
        assertThat(clock.isClosed(180_000, 480_000)).isTrue();
    }
}
