package org.vantage.probe.config;

import java.time.Duration;
import org.vantage.config.Durations;
import org.vantage.config.SettingType;

/**
 * Durations and sizes in scenario files and the simulator's options, in the syntax of every setting
 * ({@link Durations}, {@link SettingType#BYTES}), with the key or option named in the error.
 */
public final class ConfigValues {

    private ConfigValues() {}

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or {@code PT30S}; a bare number is an error. */
    public static Duration duration(String key, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    /** A byte size: {@code 1048576}, {@code 512KB}, {@code 256MB}, {@code 2GiB} (powers of 1024). */
    public static long bytes(String key, String value) {
        try {
            return SettingType.BYTES.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }
}
