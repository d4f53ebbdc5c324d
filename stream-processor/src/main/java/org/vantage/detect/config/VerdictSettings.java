package org.vantage.detect.config;

/**
 * What the per-network verdict uses of {@link DetectionThresholds}: the rates, the baselines and the sustain that
 * turn a window's summary into a verdict per platform, and how much unenrolled probes weigh.
 */
public record VerdictSettings(
        int minProbes,
        double disruptedFailureRate,
        double degradedFailureRate,
        double controlHealthyMax,
        double controlOutageRate,
        double throttleLatencyRatio,
        int baselineMinWindows,
        double baselineAlpha,
        int sustainWindows,
        int regionSustainWindows,
        TrustSettings trust) {

    /** The rules a region inside a network is judged by: the network's, sustained for {@code regionSustainWindows}. */
    public VerdictSettings forRegions() {
        return new VerdictSettings(
                minProbes,
                disruptedFailureRate,
                degradedFailureRate,
                controlHealthyMax,
                controlOutageRate,
                throttleLatencyRatio,
                baselineMinWindows,
                baselineAlpha,
                regionSustainWindows,
                regionSustainWindows,
                trust);
    }
}
