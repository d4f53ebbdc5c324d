package org.vantage.detect.model;

import java.util.List;

/** The signature of a resolved incident, kept per country to recognise recurrences. */
public record PastIncident(
        String incidentId,
        Slot slot,
        List<String> platforms,
        List<Long> asns,
        List<String> techniques,
        long startTime,
        Long endTime) {}
