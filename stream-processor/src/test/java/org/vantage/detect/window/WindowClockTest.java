package org.vantage.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowClockTest {
    final WindowClock clock = new WindowClock(Duration.ofMinutes(1), Duration.ofMinutes(1));

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
    void aWindowIsJudgedAndClosedOnceTheWatermarkIsTheGracePastItsEnd() {
        assertThat(clock.closesAt(180_000)).isEqualTo(240_000);
        assertThat(clock.isClosed(180_000, 239_999)).isFalse();
        assertThat(clock.isClosed(180_000, 240_000)).isTrue();
    }

    @Test
    void withoutGraceAWindowIsJudgedAsSoonAsTheWatermarkReachesItsEnd() {
        WindowClock noGrace = new WindowClock(Duration.ofMinutes(1), Duration.ZERO);
        assertThat(noGrace.isClosed(180_000, 179_999)).isFalse();
        assertThat(noGrace.isClosed(180_000, 180_000)).isTrue();
    }
}
