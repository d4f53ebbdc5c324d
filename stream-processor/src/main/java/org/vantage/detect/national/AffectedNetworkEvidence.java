package org.vantage.detect.national;

import java.util.List;

/** One network's part in a candidate incident (becomes an Avro AffectedNetwork). */
public record AffectedNetworkEvidence(
        long asn,
        String name,
        String networkType,
        double userShare,
        List<String> platforms,
        double failureRate,
        Double controlFailureRate,
        Double latencyRatio,
        int probes,
        long measurements,
        boolean silent,
        List<String> regions) {
}
