package org.vantage.detect.model;

import java.util.List;

/**
 * A network's measurements that arrived later than the grace period (a probe's spool delivered after an outage):
 * too late for the live windows, which were judged and closed, but evidence of what happened. The per-network stage
 * tallies them per window and platform and hands the tally to the country stage in one status, which revises the
 * record of the incidents they confirm.
 *
 * @param measurements   late measurements counted (duplicates once)
 * @param firstEventTime event time of the earliest of them
 * @param lastEventTime  event time of the latest
 * @param windows        per window of event time, oldest first, what they showed
 */
public record LateEvidence(long measurements, long firstEventTime, long lastEventTime, List<Window> windows) {

    public LateEvidence {
        windows = windows == null ? List.of() : windows;
    }

    /** One window's late measurements, per platform ({@code control} included). */
    public record Window(long windowStart, List<PlatformCount> platforms) {
        public Window {
            platforms = platforms == null ? List.of() : platforms;
        }

        public PlatformCount platform(String name) {
            for (PlatformCount p : platforms) {
                if (p.platform().equals(name)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * @param failing       of {@code measurements}, those that failed (any outcome but OK and THROTTLED)
     * @param failingProbes distinct probes with a failing measurement
     * @param firstFailing  event time of the earliest failing measurement (0 when none failed)
     * @param lastFailing   event time of the latest failing measurement (0 when none failed)
     */
    public record PlatformCount(
            String platform, int measurements, int failing, int failingProbes, long firstFailing, long lastFailing) {

        public double failureRate() {
            return measurements == 0 ? 0 : (double) failing / measurements;
        }
    }
}
