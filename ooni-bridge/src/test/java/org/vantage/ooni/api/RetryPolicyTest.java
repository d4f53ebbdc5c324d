package org.vantage.ooni.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void quotaExceededAndServerErrorsAreRetriedButOtherClientErrorsAreNot() {
        assertThat(RetryPolicy.retryableStatus(429)).isTrue();
        assertThat(RetryPolicy.retryableStatus(500)).isTrue();
        assertThat(RetryPolicy.retryableStatus(503)).isTrue();
        assertThat(RetryPolicy.retryableStatus(599)).isTrue();
        assertThat(RetryPolicy.retryableStatus(400)).isFalse();
        assertThat(RetryPolicy.retryableStatus(403)).isFalse();
        assertThat(RetryPolicy.retryableStatus(404)).isFalse();
        assertThat(RetryPolicy.retryableStatus(200)).isFalse();
    }

    @Test
    void theWaitDoublesWithEachAttemptWhenTheJitterIsAtItsTop() {
        assertThat(policy.delayAfter(1, Optional.empty(), 0.999999))
                .hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(999));
        assertThat(policy.delayAfter(2, Optional.empty(), 0.999999))
                .hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(1999));
        assertThat(policy.delayAfter(3, Optional.empty(), 0.999999))
                .hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(3999));
    }

    @Test
    void jitterSpreadsTheWaitBetweenZeroAndTheExponentialStep() {
        assertThat(policy.delayAfter(3, Optional.empty(), 0.0)).contains(Duration.ZERO);
        assertThat(policy.delayAfter(3, Optional.empty(), 0.5)).contains(Duration.ofSeconds(2));
    }

    @Test
    void theWaitNeverExceedsTheCeilingHoweverManyAttempts() {
        RetryPolicy many = new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(many.delayAfter(40, Optional.empty(), 0.999999))
                .hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void noMoreAttemptsAfterTheBudgetIsSpent() {
        assertThat(policy.delayAfter(4, Optional.empty(), 0.5)).isPresent();
        assertThat(policy.delayAfter(5, Optional.empty(), 0.5)).isEmpty();
        assertThat(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1))
                        .delayAfter(1, Optional.empty(), 0.5))
                .isEmpty();
    }

    @Test
    void aServersRetryAfterIsALowerBoundCappedAtTheCeiling() {
        assertThat(policy.delayAfter(1, Optional.of(Duration.ofSeconds(30)), 0.1))
                .contains(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(1, Optional.of(Duration.ofHours(1)), 0.1)).contains(Duration.ofSeconds(60));
    }

    @Test
    void retryAfterIsReadInSecondsAndAnythingElseIsIgnored() {
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("12"))).contains(Duration.ofSeconds(12));
        assertThat(RetryPolicy.parseRetryAfter(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")))
                .isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(Optional.empty())).isEmpty();
    }
}
