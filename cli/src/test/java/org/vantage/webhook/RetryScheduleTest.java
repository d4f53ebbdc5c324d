package org.vantage.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void firstAttemptIsImmediateThenBackoffDoublesUpToTheCap() {
        RetrySchedule r = new RetrySchedule(7, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
        assertThat(r.backoffBefore(1)).isZero();
        assertThat(r.backoffs())
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10));
        assertThat(r.totalBackoff()).isEqualTo(Duration.ofSeconds(35));
    }

    @Test
    void defaultsWaitAboutHalfAMinuteBeforeGivingUp() {
        RetrySchedule d = RetrySchedule.defaults();
        assertThat(d.maxAttempts()).isEqualTo(6);
        assertThat(d.backoffs())
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16));
    }

    @Test
    void singleAttemptHasNoBackoff() {
        assertThat(new RetrySchedule(1, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(1)).backoffs())
                .isEmpty();
    }

    @Test
    void attemptsOutsideTheScheduleAreAnError() {
        RetrySchedule r = new RetrySchedule(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));
        assertThatThrownBy(() -> r.backoffBefore(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.backoffBefore(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonsensicalSettingsFailWithTheirName() {
        assertThatThrownBy(() -> new RetrySchedule(0, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(1)))
                .hasMessageContaining("attempts");
        assertThatThrownBy(() -> new RetrySchedule(3, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1)))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new RetrySchedule(3, Duration.ofSeconds(5), 2.0, Duration.ofSeconds(1)))
                .hasMessageContaining("max backoff");
    }
}
