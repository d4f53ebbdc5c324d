package org.vantage.detect.config;

import java.time.Duration;

/**
 * What the per-network window stage uses of {@link DetectionThresholds}: the window clock, the per-probe cap and
 * warm-up, the silence checks (a network is silent when at least {@code minProbes} probes all fell quiet) and how
 * long a network's sparse-source measurements are kept.
 *
 * @param lateHorizon how far behind the network's clock a measurement later than the grace period is still kept as
 *                    late evidence ({@code maxAge}); older ones are dead-lettered
 */
public record WindowSettings(
        Duration windowSize,
        Duration grace,
        int maxSamplesPerProbe,
        Duration probeWarmup,
        int minProbes,
        Duration silenceAfter,
        Duration silenceCheckInterval,
        Duration sparseRetention,
        Duration lateHorizon) {

    public long windowMs() {
        return windowSize.toMillis();
    }
}
