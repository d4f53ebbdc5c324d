package org.vantage.probe.measure;

import java.util.Objects;
import org.vantage.schema.Outcome;

/**
 * Thrown by a measurement phase when its layer failed: carries the classification and a short
 * human-readable reason. A checked exception so every phase call site must decide what a failure
 * means for the measurement (normally: stop, the first failing layer is the outcome).
 */
public final class PhaseFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final Outcome outcome;

    public PhaseFailure(Outcome outcome, String detail) {
        this(outcome, detail, null);
    }

    public PhaseFailure(Outcome outcome, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.OK) {
            throw new IllegalArgumentException("a failure cannot have outcome OK");
        }
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Short reason for {@code outcome_detail}. */
    public String detail() {
        return getMessage();
    }
}
