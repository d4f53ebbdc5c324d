package org.vantage.ooni.map;

import java.util.Objects;
import org.vantage.schema.Measurement;

/**
 * The result of mapping one OONI measurement: exactly one of a {@link Measurement} or a skip reason with a
 * detail that says what was wrong or why the measurement carries no network evidence.
 */
public record Mapping(Measurement measurement, SkipReason skipReason, String detail) {

    public Mapping {
        if ((measurement == null) == (skipReason == null)) {
            throw new IllegalArgumentException("a mapping holds either a measurement or a skip reason");
        }
    }

    public static Mapping mapped(Measurement measurement) {
        return new Mapping(Objects.requireNonNull(measurement), null, null);
    }

    public static Mapping skipped(SkipReason reason, String detail) {
        return new Mapping(null, Objects.requireNonNull(reason), detail);
    }

    public boolean isMapped() {
        return measurement != null;
    }

    @Override
    public String toString() {
        return isMapped()
                ? "mapped " + measurement.getPlatform() + " " + measurement.getOutcome()
                        + (measurement.getOutcomeDetail() == null ? "" : " (" + measurement.getOutcomeDetail() + ")")
                : "skipped " + skipReason + ": " + detail;
    }
}
