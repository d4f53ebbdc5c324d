package org.vantage.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/** Durations on the command line as {@code 500ms}, {@code 3s}, {@code 15m}, {@code 2h}, {@code 1d}; a bad one is a usage error. */
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
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("d")) {
                d = Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.parse("PT" + t.toUpperCase(Locale.ROOT));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read '" + text + "' as a duration; use e.g. 500ms, 3s, 15m, 2h, 1d");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got '" + text + "'");
        }
        return d;
    }
}
