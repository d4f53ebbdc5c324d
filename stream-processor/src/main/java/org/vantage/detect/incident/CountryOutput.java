package org.vantage.detect.incident;

import org.vantage.detect.model.CountryPlatformVerdict;
import org.vantage.schema.DisruptionAlert;

/** What the country stage emits: alerts (key incident id) and per-platform verdicts (key platform). */
public sealed interface CountryOutput {
    record Alert(DisruptionAlert alert) implements CountryOutput {
    }

    record Verdict(CountryPlatformVerdict verdict) implements CountryOutput {
    }
}
