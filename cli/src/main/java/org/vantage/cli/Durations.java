package org.vantage.cli;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Durations on the command line, in the syntax of every setting ({@link org.vantage.config.Durations});
 * an option's duration must be positive; a bad one is a usage error.
 */
final class Durations implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    static Duration parse(String text) {
        Duration d = org.vantage.config.Durations.parse(text);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got '" + text + "'");
        }
        return d;
    }
}
