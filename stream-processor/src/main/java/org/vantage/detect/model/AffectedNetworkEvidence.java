package org.vantage.detect.model;

import java.util.List;

/**
 * One network's part in a candidate incident (becomes an Avro AffectedNetwork). {@code verifiedProbes}: of
 * {@code probes}, those enrolled and verified; null when probe trust is off, for sparse sources, and in state
 * stored before it was tracked.
 */
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
        List<String> regions,
        Integer verifiedProbes) {

    public AffectedNetworkEvidence(
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
        this(
                asn,
                name,
                networkType,
                userShare,
                platforms,
                failureRate,
                controlFailureRate,
                latencyRatio,
                probes,
                measurements,
                silent,
                regions,
                null);
    }

    public AffectedNetworkEvidence withVerifiedProbes(Integer verified) {
        return new AffectedNetworkEvidence(
                asn,
                name,
                networkType,
                userShare,
                platforms,
                failureRate,
                controlFailureRate,
                latencyRatio,
                probes,
                measurements,
                silent,
                regions,
                verified);
    }
}
