package org.vantage.detect.model;

import java.util.List;

/**
 * One region of a regional incident: the networks affected there and the evidence (becomes an Avro
 * AffectedRegion).
 *
 * @param populationShare share of the country's population living in the region, from census reference data;
 *                        null where it has no figure
 * @param probes          probes of the affected network types in the region that the evidence rests on
 * @param failingProbes   of those, the probes failing (or silent)
 * @param silent          true when the region's probes fell silent rather than reported failures
 */
public record AffectedRegion(
        String region,
        List<Long> asns,
        List<String> networkTypes,
        Double populationShare,
        int probes,
        int failingProbes,
        boolean silent) {}
