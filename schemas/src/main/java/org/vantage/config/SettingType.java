package org.vantage.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's text becomes a typed value. A parser throws {@link IllegalArgumentException} with what is
 * wrong about the value; the caller adds which setting it was.
 *
 * @param name      the type as the documentation names it
 * @param parser    text (trimmed, never blank) to value
 * @param formatter value to the text that parses back to it (documentation of defaults)
 */
public record SettingType<T>(String name, Function<String, T> parser, Function<T, String> formatter) {

    public static final SettingType<String> STRING = new SettingType<>("string", s -> s, s -> s);
    public static final SettingType<Integer> INT =
            new SettingType<>("integer", s -> number(s, Integer::parseInt, "an integer"), String::valueOf);
    public static final SettingType<Long> LONG =
            new SettingType<>("integer", s -> number(s, Long::parseLong, "an integer"), String::valueOf);
    public static final SettingType<Double> DOUBLE =
            new SettingType<>("number", s -> number(s, Double::parseDouble, "a number"), String::valueOf);
    public static final SettingType<Boolean> BOOLEAN = new SettingType<>("boolean", SettingType::bool, String::valueOf);
    public static final SettingType<Duration> DURATION =
            new SettingType<>("duration", Durations::parse, Durations::format);
    public static final SettingType<Long> BYTES = new SettingType<>("size", SettingType::bytes, String::valueOf);
    public static final SettingType<Path> PATH = new SettingType<>("path", SettingType::path, Path::toString);
    /** Comma-separated, blanks dropped. */
    public static final SettingType<List<String>> LIST = new SettingType<>(
            "list",
            s -> Arrays.stream(s.split(","))
                    .map(String::trim)
                    .filter(p -> !p.isEmpty())
                    .toList(),
            l -> String.join(",", l));

    /** Comma-separated durations ({@code 10m,30m,1h}). */
    public static final SettingType<List<Duration>> DURATION_LIST = new SettingType<>(
            "list of durations",
            s -> Arrays.stream(s.split(","))
                    .map(String::trim)
                    .filter(p -> !p.isEmpty())
                    .map(Durations::parse)
                    .toList(),
            l -> String.join(",", l.stream().map(Durations::format).toList()));

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    /** The value parsed, or the parser's explanation. */
    public T parse(String text) {
        return parser.apply(text.trim());
    }

    public String format(T value) {
        return value == null ? "" : formatter.apply(value);
    }

    /** A type with its own parser (a country code, a URL, a resolver list). */
    public static <T> SettingType<T> of(String name, Function<String, T> parser, Function<T, String> formatter) {
        return new SettingType<>(name, parser, formatter);
    }

    /** One of an enum's constants, case-insensitive; the documentation lists them in lower case. */
    public static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type) {
        String names = String.join(
                ", ",
                Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase(Locale.ROOT))
                        .toList());
        return new SettingType<>(
                "one of " + names,
                s -> {
                    for (E e : type.getEnumConstants()) {
                        if (e.name().equalsIgnoreCase(s)) {
                            return e;
                        }
                    }
                    throw new IllegalArgumentException("'" + s + "' must be one of " + names);
                },
                e -> e.name().toLowerCase(Locale.ROOT));
    }

    private static <N> N number(String s, Function<String, N> parse, String what) {
        try {
            return parse.apply(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not " + what);
        }
    }

    private static boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' must be true or false");
        };
    }

    /** A byte size: {@code 1048576}, {@code 512KB}, {@code 256MB}, {@code 2GiB} (powers of 1024). */
    static long bytes(String s) {
        Matcher m = SIZE.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size: use e.g. 268435456, 256MB or 1GiB");
        }
        long factor = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is too large");
        }
    }

    private static Path path(String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + s + "' is not a file path: " + e.getMessage());
        }
    }
}
