package org.vantage.ooni.api;

import java.time.Duration;
import java.util.Optional;

/**
 * When and how long to wait before retrying a request to OONI's API: pure decisions, no I/O.
 *
 * <p>429 (quota exceeded), 5xx and connection errors are worth retrying; any other 4xx is an answer that a
 * retry will not change. Waits grow exponentially from {@code baseDelay} up to {@code maxDelay}, with full
 * jitter (a uniformly random share of the exponential step) so that bridges restarted together do not hit
 * the API in step. A server's {@code Retry-After} is honoured as a lower bound, capped at {@code maxDelay}.
 *
 * @param maxAttempts attempts in all (the first one included), at least 1
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, got " + baseDelay + ", " + maxDelay);
        }
    }

    /** Whether an HTTP status may change on retry: 429 and 5xx. */
    public static boolean retryableStatus(int status) {
        return status == 429 || (status >= 500 && status <= 599);
    }

    /**
     * The wait before the next attempt, or empty when {@code attemptsMade} used up the budget.
     *
     * @param attemptsMade attempts already made (1 after the first failure)
     * @param retryAfter   the server's Retry-After, if it sent one
     * @param random       a number in [0, 1): the jitter
     */
    public Optional<Duration> delayAfter(int attemptsMade, Optional<Duration> retryAfter, double random) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        long base = baseDelay.toMillis();
        long ceiling = maxDelay.toMillis();
        int doublings = Math.min(attemptsMade - 1, 30);
        long step = Math.min(ceiling, base << doublings);
        long jittered = (long) (step * Math.max(0.0, Math.min(random, 1.0)));
        long floor = retryAfter
                .map(Duration::toMillis)
                .map(ms -> Math.min(ms, ceiling))
                .orElse(0L);
        return Optional.of(Duration.ofMillis(Math.max(jittered, floor)));
    }

    /** Parses a Retry-After header given in seconds (OONI's form); an HTTP date or garbage gives empty. */
    public static Optional<Duration> parseRetryAfter(Optional<String> header) {
        return header.map(String::trim)
                .filter(s -> s.matches("\\d{1,6}"))
                .map(s -> Duration.ofSeconds(Long.parseLong(s)));
    }
}
