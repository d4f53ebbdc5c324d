package org.vantage.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * The rule a setting's value must follow, once parsed: what the documentation says about it, and the problem
 * with a value (null when the value is fine).
 */
public interface Check<T> {

    /** What is wrong with {@code value}, or null. */
    String problem(T value);

    /** The rule in a few words, for the documentation. */
    String describe();

    static <T> Check<T> of(String description, Function<T, String> problem) {
        return new Check<>() {
            @Override
            public String problem(T value) {
                return problem.apply(value);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /**
     * A rule the typed product enforces itself (it also guards values set in code, and rules between
     * settings); the declaration only documents it.
     */
    static <T> Check<T> enforcedBy(String description) {
        return of(description, v -> null);
    }

    static <N extends Number> Check<N> between(long min, long max) {
        return of(
                min + ".." + max,
                v -> v.longValue() < min || v.longValue() > max ? v + " is outside " + min + ".." + max : null);
    }

    static <N extends Number> Check<N> atLeast(long min) {
        return of(">= " + min, v -> v.longValue() < min ? "must be >= " + min + ", got " + v : null);
    }

    static Check<Duration> positive() {
        return of("> 0", d -> d.isNegative() || d.isZero() ? "must be positive, got " + Durations.format(d) : null);
    }

    static Check<Duration> notNegative() {
        return of(">= 0", d -> d.isNegative() ? "must not be negative, got " + d : null);
    }
}
