package org.vantage.detect.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.vantage.kafka.ClientProperties;

/** Typed reads of environment-style settings that collect every problem instead of failing on the first. */
final class EnvReader {
    private final Map<String, String> env;
    final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    String string(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    int integer(String name, int fallback) {
        return parse(name, fallback, Integer::parseInt, "an integer");
    }

    long longValue(String name, long fallback) {
        return parse(name, fallback, Long::parseLong, "an integer");
    }

    double decimal(String name, double fallback) {
        return parse(name, fallback, Double::parseDouble, "a number");
    }

    Duration duration(String name, Duration fallback) {
        return parse(name, fallback, EnvReader::parseDuration, "a duration such as 90s, 5m, 1h, 1d, 500ms or PT1M");
    }

    /** A comma-separated list of durations (e.g. {@code 10m,30m,1h}). */
    java.util.List<Duration> durations(String name, java.util.List<Duration> fallback) {
        return parse(name, fallback, v -> Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .map(EnvReader::parseDuration).toList(), "a comma-separated list of durations such as 10m,30m,1h");
    }

    /** The Kafka client properties file named by {@code name}; a missing or unreadable file is a problem. */
    ClientProperties clientProperties(String name) {
        try {
            return ClientProperties.fromPath(env.get(name), name);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            problems.add(e.getMessage());
            return ClientProperties.none();
        }
    }

    Set<String> set(String name, Set<String> fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return Set.copyOf(out);
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser, String expected) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return parser.apply(v.trim());
        } catch (RuntimeException e) {
            problems.add(name + " must be " + expected + ", got '" + v + "'");
            return fallback;
        }
    }

    static Duration parseDuration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("unknown unit");
            };
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
