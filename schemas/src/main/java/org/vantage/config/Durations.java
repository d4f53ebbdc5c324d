package org.vantage.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every Vantage setting and option: whole numbers with units ({@code 500ms},
 * {@code 90s}, {@code 5m}, {@code 1h}, {@code 1d}, also combined as {@code 1h30m}) or an ISO-8601 duration
 * ({@code PT1M}). A bare number is an error rather than a guess at its unit, because the applications once
 * guessed differently; zero alone ({@code 0}) is zero in any unit, so it is accepted (e.g. "0 disables").
 */
public final class Durations {

    private static final Pattern WITH_UNITS = Pattern.compile("-?(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern BARE = Pattern.compile("\\d+");

    private Durations() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what to write instead
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("0+")) {
            return Duration.ZERO;
        }
        if (BARE.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' has no unit: add a unit, e.g. " + t + "s");
        }
        if (t.startsWith("p") || t.startsWith("-p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw notADuration(text);
            }
        }
        if (!WITH_UNITS.matcher(t).matches()) {
            throw notADuration(text);
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(
                        switch (m.group(2)) {
                            case "ms" -> Duration.ofMillis(n);
                            case "s" -> Duration.ofSeconds(n);
                            case "m" -> Duration.ofMinutes(n);
                            case "h" -> Duration.ofHours(n);
                            default -> Duration.ofDays(n);
                        });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw notADuration(text);
        }
        return t.startsWith("-") ? total.negated() : total;
    }

    /** The shortest way to write {@code d} in this syntax ({@code 1d}, {@code 90s}, {@code 500ms}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException("'" + (text == null ? "" : text.trim())
                + "' is not a duration: use e.g. 500ms, 90s, 5m, 1h, 1d or PT1M");
    }
}
