package org.vantage.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Schema Registry compatibility levels, with Confluent's names and meaning. BACKWARD: a consumer using
 * the new schema can read data written with the previous one. FORWARD: a consumer using the previous
 * schema can read data written with the new one. FULL: both. *_TRANSITIVE: against every earlier
 * version, not only the latest. NONE: no check.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must be able to read data written with earlier schemas. */
    public boolean backward() {
        return backward;
    }

    /** Earlier schemas must be able to read data written with the new schema. */
    public boolean forward() {
        return forward;
    }

    /** Checked against all earlier versions rather than the latest only. */
    public boolean transitive() {
        return transitive;
    }

    /** Parses a level name case-insensitively; empty for an unknown name. */
    public static Optional<CompatibilityLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String namesForMessage() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
