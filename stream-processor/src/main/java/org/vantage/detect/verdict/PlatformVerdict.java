package org.vantage.detect.verdict;

import java.util.List;
import java.util.Map;

/**
 * The verdict for one platform (or the control targets) on one network in one window, with the evidence
 * it rests on. Travels inside {@link NetworkStatus} to the per-country stage.
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
        List<String> regions) {

    public boolean disrupted() {
        return state == VerdictState.DISRUPTED;
    }
}
