package org.vantage.detect.config;

import java.time.Duration;

/**
 * What the global stage uses of {@link DetectionThresholds}: in how many countries a platform must fail at once, and
 * how many windows open and resolve the global incident, and how long (wall clock) it waits for a lagging country.
 */
public record GlobalSettings(
        Duration windowSize,
        int globalMinCountries,
        int openAfterWindows,
        int resolveAfterWindows,
        Duration countryWaitTimeout,
        Duration checkInterval,
        Duration grace) {

    public long windowMs() {
        return windowSize.toMillis();
    }
}
