package org.vantage.detect.incident;

import java.util.List;
import org.vantage.detect.national.Slot;

/** The signature of a resolved incident, kept per country to recognise recurrences. */
public record PastIncident(String incidentId, Slot slot, List<String> platforms, List<Long> asns, List<String> techniques,
        long startTime, Long endTime) {
}
