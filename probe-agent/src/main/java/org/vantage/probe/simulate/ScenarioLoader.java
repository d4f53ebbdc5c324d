package org.vantage.probe.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.vantage.probe.config.ConfigException;
import org.vantage.probe.config.ConfigValues;
import org.vantage.probe.config.CountryCodes;
import org.vantage.schema.NetworkType;

/**
 * Reads a scenario YAML file (format: probe-agent/SCENARIOS.md) into a validated {@link Scenario}. Errors
 * name the file and the path inside it ({@code networks[2].asn: ...}); unknown keys are errors, so a typo
 * cannot silently drop a disruption.
 */
public final class ScenarioLoader {

    /** Scenarios shipped in the jar, under {@code /scenarios/<name>.yaml}. */
    public static final String RESOURCE_DIR = "/scenarios/";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ScenarioLoader() {}

    /** A file path, or the name of a shipped scenario ({@code pk-2024-01-20}). */
    public static Scenario load(String fileOrName) {
        Path p = Path.of(fileOrName);
        if (Files.isRegularFile(p)) {
            try (InputStream in = Files.newInputStream(p)) {
                return parse(in, p.toString());
            } catch (IOException e) {
                throw new ConfigException("cannot read scenario " + p + ": " + e.getMessage(), e);
            }
        }
        String name = fileOrName.endsWith(".yaml") ? fileOrName : fileOrName + ".yaml";
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new ConfigException("scenario '" + fileOrName + "' is neither a file nor a shipped scenario"
                        + " (shipped: pk-2024-01-20, healthy-day, single-network-outage, mobile-shutdown,"
                        + " global-platform-outage, throttling)");
            }
            return parse(in, "scenario " + name);
        } catch (IOException e) {
            throw new ConfigException("cannot read scenario " + name + ": " + e.getMessage(), e);
        }
    }

    public static Scenario parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(source + ": a scenario must be a YAML mapping");
        }
        return new Parser(source).scenario(root);
    }

    private static final class Parser {
        private final String source;

        Parser(String source) {
            this.source = source;
        }

        ConfigException error(String path, String message) {
            return new ConfigException(source + ": " + path + ": " + message);
        }

        void allowOnly(JsonNode node, String path, String... keys) {
            Set<String> allowed = Set.of(keys);
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String k = entry.getKey();
                if (!allowed.contains(k)) {
                    throw error(
                            path.isEmpty() ? k : path + "." + k,
                            "unknown key (allowed: " + new java.util.TreeSet<>(allowed) + ")");
                }
            }
        }

        String text(JsonNode n, String path, boolean required) {
            if (n == null || n.isNull() || n.isMissingNode()) {
                if (required) {
                    throw error(path, "is required");
                }
                return null;
            }
            if (!n.isValueNode()) {
                throw error(path, "must be a single value");
            }
            return n.asText().trim();
        }

        <T> T value(JsonNode parent, String key, String path, T fallback, Function<String, T> parse) {
            String t = text(parent.get(key), path, fallback == null);
            if (t == null) {
                return fallback;
            }
            try {
                return parse.apply(t);
            } catch (ConfigException e) {
                throw error(path, e.getMessage());
            } catch (RuntimeException e) {
                throw error(path, "'" + t + "' is invalid: " + e.getMessage());
            }
        }

        Instant instant(String path, String t, Instant start) {
            if (start != null && t.startsWith("+")) {
                return start.plus(ConfigValues.duration(path, t.substring(1)));
            }
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw error(
                        path,
                        "'" + t + "' must be an ISO-8601 UTC time like 2024-01-20T13:40:00Z"
                                + (start != null ? " or an offset from the start like +1h40m" : ""));
            }
        }

        List<String> strings(JsonNode n, String path) {
            List<String> out = new ArrayList<>();
            if (n == null || n.isNull()) {
                return out;
            }
            if (!n.isArray()) {
                throw error(path, "must be a list");
            }
            for (int i = 0; i < n.size(); i++) {
                out.add(text(n.get(i), path + "[" + i + "]", true));
            }
            return out;
        }

        Scenario scenario(JsonNode root) {
            allowOnly(
                    root,
                    "",
                    "name",
                    "description",
                    "start",
                    "end",
                    "duration",
                    "interval",
                    "heartbeat-interval",
                    "seed",
                    "platforms",
                    "baseline",
                    "networks",
                    "disruptions");
            String name = value(root, "name", "name", null, s -> s);
            String description = value(root, "description", "description", "", s -> s);
            Instant start = value(root, "start", "start", null, s -> instant("start", s, null));
            Instant end;
            if (root.has("end") == root.has("duration")) {
                throw error("end", "give exactly one of 'end' (time) or 'duration' (e.g. 6h)");
            } else if (root.has("end")) {
                end = value(root, "end", "end", null, s -> instant("end", s, start));
            } else {
                end = start.plus(value(root, "duration", "duration", null, s -> ConfigValues.duration("duration", s)));
            }
            if (!end.isAfter(start)) {
                throw error("end", "must be after start");
            }
            Duration interval = value(
                    root, "interval", "interval", Duration.ofSeconds(60), s -> ConfigValues.duration("interval", s));
            if (interval.toMillis() < 1000) {
                throw error("interval", "must be at least 1s");
            }
            Duration heartbeat = value(
                    root,
                    "heartbeat-interval",
                    "heartbeat-interval",
                    interval,
                    s -> ConfigValues.duration("heartbeat-interval", s));
            if (heartbeat.toMillis() < 1000) {
                throw error("heartbeat-interval", "must be at least 1s");
            }
            long seed = value(root, "seed", "seed", 1L, Long::parseLong);

            Map<String, List<String>> platforms = platforms(root.get("platforms"));
            Scenario.Baseline baseline = baseline(root.get("baseline"));
            List<Scenario.Network> networks = networks(root.get("networks"));
            int probes = networks.stream().mapToInt(Scenario.Network::probes).sum();
            if (baseline.flakyProbes() + baseline.fakingProbes() > probes) {
                throw error(
                        "baseline",
                        "flaky-probes + faking-probes (" + (baseline.flakyProbes() + baseline.fakingProbes())
                                + ") exceed the number of probes (" + probes + ")");
            }
            List<Scenario.Disruption> disruptions =
                    disruptions(root.get("disruptions"), start, end, platforms, networks);
            return new Scenario(
                    name,
                    description,
                    start,
                    end,
                    interval,
                    heartbeat,
                    seed,
                    platforms,
                    baseline,
                    networks,
                    disruptions);
        }

        Map<String, List<String>> platforms(JsonNode n) {
            if (n == null || !n.isObject() || n.isEmpty()) {
                throw error("platforms", "is required: a mapping of platform name to a list of host names");
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                String platform = e.getKey();
                if (!platform.matches("[a-z0-9][a-z0-9_-]*")) {
                    throw error("platforms." + platform, "platform names are lower-case letters, digits, '-' or '_'");
                }
                List<String> hosts = strings(e.getValue(), "platforms." + platform);
                if (hosts.isEmpty()) {
                    throw error("platforms." + platform, "needs at least one host name");
                }
                out.put(platform, List.copyOf(hosts));
            }
            return out;
        }

        Scenario.Baseline baseline(JsonNode n) {
            String p = "baseline";
            if (n == null || n.isNull()) {
                n = YAML.createObjectNode();
            }
            allowOnly(
                    n,
                    p,
                    "failure-rate",
                    "rtt-ms",
                    "latency-spread",
                    "throughput-bps",
                    "flaky-probes",
                    "faking-probes");
            double failure = value(n, "failure-rate", p + ".failure-rate", 0.015, Double::parseDouble);
            if (failure < 0 || failure > 0.5) {
                throw error(p + ".failure-rate", "must be between 0 and 0.5, got " + failure);
            }
            Map<NetworkType, Integer> rtt = byType(
                    n.get("rtt-ms"),
                    p + ".rtt-ms",
                    Map.of(NetworkType.FIXED, 35, NetworkType.MOBILE, 70, NetworkType.UNKNOWN, 50),
                    s -> {
                        int v = Integer.parseInt(s);
                        if (v < 1 || v > 5000) {
                            throw new ConfigException("must be 1..5000 ms");
                        }
                        return v;
                    });
            double spread = value(n, "latency-spread", p + ".latency-spread", 0.3, Double::parseDouble);
            if (spread < 0 || spread > 2) {
                throw error(p + ".latency-spread", "must be between 0 and 2");
            }
            Map<NetworkType, Double> tput = byType(
                    n.get("throughput-bps"),
                    p + ".throughput-bps",
                    Map.of(
                            NetworkType.FIXED,
                            4_000_000.0,
                            NetworkType.MOBILE,
                            1_500_000.0,
                            NetworkType.UNKNOWN,
                            2_000_000.0),
                    s -> {
                        double v = Double.parseDouble(s);
                        if (v <= 0) {
                            throw new ConfigException("must be positive");
                        }
                        return v;
                    });
            int flaky = value(n, "flaky-probes", p + ".flaky-probes", 0, Integer::parseInt);
            int faking = value(n, "faking-probes", p + ".faking-probes", 0, Integer::parseInt);
            if (flaky < 0 || faking < 0) {
                throw error(p, "flaky-probes and faking-probes must not be negative");
            }
            return new Scenario.Baseline(failure, rtt, spread, tput, flaky, faking);
        }

        <T> Map<NetworkType, T> byType(
                JsonNode n, String path, Map<NetworkType, T> defaults, Function<String, T> parse) {
            Map<NetworkType, T> out = new EnumMap<>(NetworkType.class);
            out.putAll(defaults);
            if (n == null || n.isNull()) {
                return out;
            }
            if (!n.isObject()) {
                throw error(path, "must be a mapping like { fixed: ..., mobile: ... }");
            }
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                NetworkType type = networkType(path + "." + e.getKey(), e.getKey());
                out.put(type, value(n, e.getKey(), path + "." + e.getKey(), null, parse));
            }
            return out;
        }

        NetworkType networkType(String path, String s) {
            try {
                return NetworkType.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(path, "'" + s + "' must be fixed, mobile or unknown");
            }
        }

        List<Scenario.Network> networks(JsonNode n) {
            if (n == null || !n.isArray() || n.isEmpty()) {
                throw error("networks", "is required: a list of networks with country, asn, name, type and probes");
            }
            List<Scenario.Network> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n.size(); i++) {
                String p = "networks[" + i + "]";
                JsonNode e = n.get(i);
                if (!e.isObject()) {
                    throw error(p, "must be a mapping");
                }
                allowOnly(e, p, "country", "asn", "name", "type", "subscribers-millions", "probes", "regions");
                String country =
                        value(e, "country", p + ".country", null, s -> CountryCodes.requireAlpha2(p + ".country", s));
                long asn = value(e, "asn", p + ".asn", null, s -> {
                    long a = Long.parseLong(s.toUpperCase(Locale.ROOT).startsWith("AS") ? s.substring(2) : s);
                    if (a < 1 || a > 4_294_967_295L) {
                        throw new ConfigException("AS number must be 1..4294967295");
                    }
                    return a;
                });
                String name = value(e, "name", p + ".name", null, s -> s);
                NetworkType type = value(e, "type", p + ".type", NetworkType.UNKNOWN, s -> networkType(p + ".type", s));
                Double subs = e.hasNonNull("subscribers-millions")
                        ? value(e, "subscribers-millions", p + ".subscribers-millions", null, Double::parseDouble)
                        : null;
                int probes = value(e, "probes", p + ".probes", null, Integer::parseInt);
                if (probes < 1 || probes > 100_000) {
                    throw error(p + ".probes", "must be 1..100000");
                }
                List<String> regions = strings(e.get("regions"), p + ".regions");
                if (!seen.add(country + ":" + asn)) {
                    throw error(p, "network " + country + ":" + asn + " is listed twice");
                }
                out.add(new Scenario.Network(country, asn, name, type, subs, probes, List.copyOf(regions)));
            }
            return out;
        }

        List<Scenario.Disruption> disruptions(
                JsonNode n,
                Instant start,
                Instant end,
                Map<String, List<String>> platforms,
                List<Scenario.Network> networks) {
            List<Scenario.Disruption> out = new ArrayList<>();
            if (n == null || n.isNull()) {
                return out;
            }
            if (!n.isArray()) {
                throw error("disruptions", "must be a list");
            }
            Set<String> countries = new HashSet<>();
            Set<Long> asns = new HashSet<>();
            Set<String> regions = new HashSet<>();
            for (Scenario.Network net : networks) {
                countries.add(net.country());
                asns.add(net.asn());
                regions.addAll(net.regions());
            }
            for (int i = 0; i < n.size(); i++) {
                String p = "disruptions[" + i + "]";
                JsonNode e = n.get(i);
                if (!e.isObject()) {
                    throw error(p, "must be a mapping");
                }
                allowOnly(
                        e,
                        p,
                        "name",
                        "start",
                        "end",
                        "technique",
                        "platforms",
                        "countries",
                        "asns",
                        "regions",
                        "network-types",
                        "coverage");
                String name = value(e, "name", p + ".name", "disruption-" + i, s -> s);
                Instant ds = value(e, "start", p + ".start", null, s -> instant(p + ".start", s, start));
                Instant de = value(e, "end", p + ".end", null, s -> instant(p + ".end", s, start));
                if (!de.isAfter(ds)) {
                    throw error(p + ".end", "must be after the disruption's start");
                }
                if (de.isBefore(start) || ds.isAfter(end)) {
                    throw error(p, "lies entirely outside the scenario (" + start + " .. " + end + ")");
                }
                Scenario.Technique technique = value(e, "technique", p + ".technique", null, s -> {
                    try {
                        return Scenario.Technique.valueOf(s.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException x) {
                        throw new ConfigException("'" + s + "' is not a technique; use one of "
                                + java.util.Arrays.toString(Scenario.Technique.values()));
                    }
                });
                Set<String> plats = new LinkedHashSet<>(strings(e.get("platforms"), p + ".platforms"));
                if (technique != Scenario.Technique.FULL_OUTAGE && plats.isEmpty()) {
                    throw error(p + ".platforms", "is required for technique " + technique);
                }
                for (String pl : plats) {
                    if (!platforms.containsKey(pl)) {
                        throw error(
                                p + ".platforms",
                                "unknown platform '" + pl + "' (scenario platforms: " + platforms.keySet() + ")");
                    }
                }
                Set<String> cs = new LinkedHashSet<>();
                for (String c : strings(e.get("countries"), p + ".countries")) {
                    String cc = CountryCodes.requireAlpha2(p + ".countries", c);
                    if (!countries.contains(cc)) {
                        throw error(p + ".countries", "no network of the scenario is in " + cc);
                    }
                    cs.add(cc);
                }
                Set<Long> as = new LinkedHashSet<>();
                for (String a : strings(e.get("asns"), p + ".asns")) {
                    long v = Long.parseLong(a.toUpperCase(Locale.ROOT).startsWith("AS") ? a.substring(2) : a);
                    if (!asns.contains(v)) {
                        throw error(p + ".asns", "AS" + v + " is not one of the scenario's networks");
                    }
                    as.add(v);
                }
                Set<String> rs = new LinkedHashSet<>(strings(e.get("regions"), p + ".regions"));
                for (String r : rs) {
                    if (!regions.contains(r)) {
                        throw error(
                                p + ".regions", "region '" + r + "' is not a region of any network in the scenario");
                    }
                }
                Set<NetworkType> types = new LinkedHashSet<>();
                for (String t : strings(e.get("network-types"), p + ".network-types")) {
                    types.add(networkType(p + ".network-types", t));
                }
                double coverage = value(e, "coverage", p + ".coverage", 1.0, Double::parseDouble);
                if (coverage <= 0 || coverage > 1) {
                    throw error(p + ".coverage", "must be in (0, 1]");
                }
                out.add(new Scenario.Disruption(
                        name,
                        ds,
                        de,
                        technique,
                        Set.copyOf(plats),
                        Set.copyOf(cs),
                        Set.copyOf(as),
                        Set.copyOf(rs),
                        Set.copyOf(types),
                        coverage));
            }
            return out;
        }
    }
}
