package org.vantage.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How often and how patiently one alert is offered to one URL: {@code maxAttempts} tries, waiting
 * {@code initialBackoff} before the second, multiplied by {@code multiplier} before each further one,
 * never more than {@code maxBackoff}. After the last failed attempt the alert is dead-lettered.
 */
public record RetrySchedule(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public static RetrySchedule defaults() {
        return new RetrySchedule(6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));
    }

    public RetrySchedule {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("webhook attempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("webhook initial backoff must be >= 0, got " + initialBackoff);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("webhook backoff multiplier must be >= 1, got " + multiplier);
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("webhook max backoff must be >= the initial backoff, got " + maxBackoff);
        }
    }

    /** Wait before attempt {@code attempt} (1-based); zero before the first. */
    public Duration backoffBefore(int attempt) {
        if (attempt < 1 || attempt > maxAttempts) {
            throw new IllegalArgumentException("attempt must be in 1.." + maxAttempts + ", got " + attempt);
        }
        if (attempt == 1) {
            return Duration.ZERO;
        }
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 2);
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(Math.round(millis));
    }

    /** Every wait of a delivery that fails each time, in order (maxAttempts - 1 values). */
    public List<Duration> backoffs() {
        List<Duration> all = new ArrayList<>();
        for (int a = 2; a <= maxAttempts; a++) {
            all.add(backoffBefore(a));
        }
        return all;
    }

    /** Total waiting of a delivery that fails each time (request time excluded). */
    public Duration totalBackoff() {
        return backoffs().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
