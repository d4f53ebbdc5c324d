package org.vantage.detect.model;

import java.util.List;
import java.util.Map;

/**
 * The verdict for one platform (or the control targets) on one network in one window, with the evidence
 * it rests on. Travels inside {@link NetworkStatus} to the per-country stage. {@code verifiedProbes}: of
 * {@code probes}, those enrolled and verified; null when probe trust is off.
 */
public record PlatformVerdict(
        String platform,
        VerdictState state,
        double confidence,
        int abnormalWindows,
        double failureRate,
        double slowRate,
        int probes,
        int failingProbes,
        long measurements,
        long lateMeasurements,
        Map<String, Long> outcomes,
        Double latencyMedianMs,
        Double latencyP90Ms,
        Double baselineLatencyMs,
        Double latencyRatio,
        Double throughputMedianBps,
        List<String> sampleMeasurementIds,
        List<String> dnsAnswers,
        List<String> regions,
        Integer verifiedProbes) {

    /** A verdict from before probes were verified (or with probe trust off): {@code verifiedProbes} unknown. */
    public PlatformVerdict(
            String platform,
            VerdictState state,
            double confidence,
            int abnormalWindows,
            double failureRate,
            double slowRate,
            int probes,
            int failingProbes,
            long measurements,
            long lateMeasurements,
            Map<String, Long> outcomes,
            Double latencyMedianMs,
            Double latencyP90Ms,
            Double baselineLatencyMs,
            Double latencyRatio,
            Double throughputMedianBps,
            List<String> sampleMeasurementIds,
            List<String> dnsAnswers,
            List<String> regions) {
        this(
                platform,
                state,
                confidence,
                abnormalWindows,
                failureRate,
                slowRate,
                probes,
                failingProbes,
                measurements,
                lateMeasurements,
                outcomes,
                latencyMedianMs,
                latencyP90Ms,
                baselineLatencyMs,
                latencyRatio,
                throughputMedianBps,
                sampleMeasurementIds,
                dnsAnswers,
                regions,
                null);
    }

    public PlatformVerdict withVerifiedProbes(Integer verified) {
        return new PlatformVerdict(
                platform,
                state,
                confidence,
                abnormalWindows,
                failureRate,
                slowRate,
                probes,
                failingProbes,
                measurements,
                lateMeasurements,
                outcomes,
                latencyMedianMs,
                latencyP90Ms,
                baselineLatencyMs,
                latencyRatio,
                throughputMedianBps,
                sampleMeasurementIds,
                dnsAnswers,
                regions,
                verified);
    }

    public boolean disrupted() {
        return state == VerdictState.DISRUPTED;
    }
}
