package org.vantage.detect.incident;

import org.vantage.detect.model.CountryVerdicts;
import org.vantage.schema.DisruptionAlert;

/** What the country stage emits: alerts (key incident id) and a window's per-platform verdicts (key country). */
public sealed interface CountryOutput {
    record Alert(DisruptionAlert alert) implements CountryOutput {}

    record Verdicts(CountryVerdicts verdicts) implements CountryOutput {}
}
