package org.vantage.detect.config;

import java.time.Duration;

/**
 * What the revision of incidents by late evidence (measurements later than the grace period) uses of
 * {@link DetectionThresholds}: the live rules a window of late measurements must meet to confirm an incident, without
 * their sustain, how many windows before an incident's start still belong to its onset, and how long a resolved
 * incident stays open to corrections (the late horizon, {@code maxAge}).
 *
 * @param onsetWindows windows before an incident's start within which late evidence may move the start earlier: the
 *                     {@code sustainWindows} a network needs before its evidence counts
 */
public record LateEvidenceSettings(
        Duration windowSize,
        Duration horizon,
        int onsetWindows,
        int minProbes,
        double disruptedFailureRate,
        double controlHealthyMax,
        double controlOutageRate) {

    public long windowMs() {
        return windowSize.toMillis();
    }
}
