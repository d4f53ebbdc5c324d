package org.vantage.detect.model;

import java.util.List;
import java.util.Map;

/**
 * A network's recent evidence from a sparse source (OONI), as the per-network stage hands it to the
 * per-country stage: one vote per test run (OONI report) and platform, not the raw measurements.
 *
 * <p>A report usually measures a platform once or a few times (several of its hosts); its measurements
 * are not independent of each other (same phone, same minute), so they count as one vote, failing when
 * most of them failed. Votes of a report whose control measurement failed are left out: its connection,
 * not the platform, was the problem.
 *
 * @param newest event time of the network's newest sparse measurement
 * @param votes  the votes within the retention period, oldest first
 */
public record SparseTally(long newest, List<Vote> votes) {

    /**
     * @param time         event time of the report's first measurement of the platform
     * @param measurements the report's measurements of the platform
     * @param outcomes     their outcomes (name to count)
     * @param samples      measurement ids of up to two of them
     */
    public record Vote(
            String platform,
            String report,
            long time,
            boolean failed,
            int measurements,
            Map<String, Long> outcomes,
            List<String> samples) {}
}
