package org.vantage.detect.config;

import java.time.Duration;

/**
 * What the country stage uses of {@link DetectionThresholds} to assess a country: the rates its pooled evidence is
 * judged by, the share of users from which scope is nationwide, the sustain of regions, the handling of sparse
 * sources, and its timing (how long it waits for lagging networks, how long it keeps their statuses).
 */
public record NationalSettings(
        Duration windowSize,
        Duration grace,
        int minProbes,
        double disruptedFailureRate,
        double degradedFailureRate,
        double controlHealthyMax,
        double controlOutageRate,
        double nationwideUserShare,
        int regionSustainWindows,
        Duration countryWaitTimeout,
        Duration silenceCheckInterval,
        SparseSettings sparse) {

    public long windowMs() {
        return windowSize.toMillis();
    }
}
