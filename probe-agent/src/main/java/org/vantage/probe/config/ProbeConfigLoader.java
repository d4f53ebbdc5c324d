package org.vantage.probe.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.vantage.kafka.ClientProperties;
import org.vantage.probe.measure.ProbeIdentity;
import org.vantage.probe.measure.ResolverSpec;
import org.vantage.schema.NetworkType;

/**
 * Builds a {@link ProbeConfig} from a file ({@code .yaml}/{@code .yml}, nested or dotted keys, or
 * {@code .properties}) and environment variables, which win over the file. Every problem is collected and
 * reported at once, each with what to fix.
 *
 * <p>Keys and their environment variables:
 * <pre>
 * probe.id                   VANTAGE_PROBE_ID            required
 * probe.country              VANTAGE_COUNTRY             required, ISO 3166-1 alpha-2 (PK)
 * probe.asn                  VANTAGE_ASN                 required, 1..4294967295
 * probe.region               VANTAGE_REGION
 * probe.city                 VANTAGE_CITY
 * probe.network-type         VANTAGE_NETWORK_TYPE        fixed | mobile | unknown (default unknown)
 * kafka.bootstrap-servers    VANTAGE_BOOTSTRAP_SERVERS   required, host:port[,host:port]
 * kafka.schema-registry-url  VANTAGE_SCHEMA_REGISTRY_URL required, http(s)://host:port
 * kafka.client-properties    VANTAGE_KAFKA_CLIENT_PROPERTIES  Kafka client properties file (security.protocol,
 *                                                        sasl.*, ssl.*, ...), merged into every Kafka client
 * kafka.max-block            VANTAGE_KAFKA_MAX_BLOCK     default 10s
 * kafka.publish-batch        VANTAGE_PUBLISH_BATCH       default 500
 * spool.dir                  VANTAGE_SPOOL_DIR           required
 * spool.max-bytes            VANTAGE_SPOOL_MAX_BYTES     default 256MB
 * spool.max-records          VANTAGE_SPOOL_MAX_RECORDS   default 2000000
 * schedule.interval          VANTAGE_INTERVAL            default 60s
 * schedule.jitter            VANTAGE_JITTER              default 10s
 * schedule.concurrency       VANTAGE_CONCURRENCY         default 4
 * targets.file               VANTAGE_TARGETS_FILE        default: built-in target list
 * fleet-config.enabled       VANTAGE_FLEET_CONFIG        default true
 * heartbeat.interval         VANTAGE_HEARTBEAT_INTERVAL  default 30s
 * clock.reference-url        VANTAGE_CLOCK_REFERENCE_URL default: none (offset not measured)
 * clock.interval             VANTAGE_CLOCK_INTERVAL      default 10m
 * metrics.port               VANTAGE_METRICS_PORT        default 9464; 0 = any free port; -1 = off
 * measure.resolvers          VANTAGE_RESOLVERS           default system; comma-separated: system, 1.1.1.1, [2606:4700::1111]:53
 * measure.control-resolver   VANTAGE_CONTROL_RESOLVER    default: none (no DNS consistency check)
 * measure.timeout            VANTAGE_PHASE_TIMEOUT       default 10s, the timeout of each phase
 * </pre>
 */
public final class ProbeConfigLoader {

    /** Configuration key to environment variable. */
    public static final Map<String, String> ENVIRONMENT = envTable();

    private static Map<String, String> envTable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("probe.id", "VANTAGE_PROBE_ID");
        m.put("probe.country", "VANTAGE_COUNTRY");
        m.put("probe.asn", "VANTAGE_ASN");
        m.put("probe.region", "VANTAGE_REGION");
        m.put("probe.city", "VANTAGE_CITY");
        m.put("probe.network-type", "VANTAGE_NETWORK_TYPE");
        m.put("kafka.bootstrap-servers", "VANTAGE_BOOTSTRAP_SERVERS");
        m.put("kafka.schema-registry-url", "VANTAGE_SCHEMA_REGISTRY_URL");
        m.put("kafka.client-properties", ClientProperties.ENV);
        m.put("kafka.max-block", "VANTAGE_KAFKA_MAX_BLOCK");
        m.put("kafka.publish-batch", "VANTAGE_PUBLISH_BATCH");
        m.put("spool.dir", "VANTAGE_SPOOL_DIR");
        m.put("spool.max-bytes", "VANTAGE_SPOOL_MAX_BYTES");
        m.put("spool.max-records", "VANTAGE_SPOOL_MAX_RECORDS");
        m.put("schedule.interval", "VANTAGE_INTERVAL");
        m.put("schedule.jitter", "VANTAGE_JITTER");
        m.put("schedule.concurrency", "VANTAGE_CONCURRENCY");
        m.put("targets.file", "VANTAGE_TARGETS_FILE");
        m.put("fleet-config.enabled", "VANTAGE_FLEET_CONFIG");
        m.put("heartbeat.interval", "VANTAGE_HEARTBEAT_INTERVAL");
        m.put("clock.reference-url", "VANTAGE_CLOCK_REFERENCE_URL");
        m.put("clock.interval", "VANTAGE_CLOCK_INTERVAL");
        m.put("metrics.port", "VANTAGE_METRICS_PORT");
        m.put("measure.resolvers", "VANTAGE_RESOLVERS");
        m.put("measure.control-resolver", "VANTAGE_CONTROL_RESOLVER");
        m.put("measure.timeout", "VANTAGE_PHASE_TIMEOUT");
        return Map.copyOf(m);
    }

    private ProbeConfigLoader() {
    }

    /** Loads {@code file} (may be null: environment only) with the process environment. */
    public static ProbeConfig load(Path file) {
        return load(file, System.getenv());
    }

    public static ProbeConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            values.putAll(readFile(file));
        }
        ENVIRONMENT.forEach((key, var) -> {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                values.put(key, v.trim());
            }
        });
        return fromMap(values);
    }

    /** Builds and validates a configuration from flat dotted keys. */
    public static ProbeConfig fromMap(Map<String, String> values) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(ENVIRONMENT.keySet());
        List<String> errors = new ArrayList<>();
        if (!unknown.isEmpty()) {
            errors.add("unknown configuration keys " + unknown + "; known keys: " + new TreeSet<>(ENVIRONMENT.keySet()));
        }
        Reader r = new Reader(values, errors);

        String probeId = r.required("probe.id", s -> {
            if (!s.matches("[A-Za-z0-9._:-]{1,128}")) {
                throw new ConfigException("probe.id: '" + s + "' must be 1..128 characters of letters, digits, '.', '_', ':' or '-'");
            }
            return s;
        });
        String country = r.required("probe.country", s -> CountryCodes.requireAlpha2("probe.country", s));
        Long asn = r.required("probe.asn", s -> {
            long a;
            try {
                a = Long.parseLong(s.toUpperCase(Locale.ROOT).startsWith("AS") ? s.substring(2) : s);
            } catch (NumberFormatException e) {
                throw new ConfigException("probe.asn: '" + s + "' is not an AS number: use e.g. 17557 or AS17557");
            }
            if (a < 1 || a > 4_294_967_295L) {
                throw new ConfigException("probe.asn: " + a + " is outside 1..4294967295");
            }
            return a;
        });
        NetworkType networkType = r.optional("probe.network-type", NetworkType.UNKNOWN, s -> {
            try {
                return NetworkType.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("probe.network-type: '" + s + "' must be fixed, mobile or unknown");
            }
        });
        String bootstrap = r.required("kafka.bootstrap-servers", s -> {
            for (String hp : s.split(",")) {
                if (!hp.trim().matches("[^\\s:]+:\\d{1,5}")) {
                    throw new ConfigException("kafka.bootstrap-servers: '" + hp.trim() + "' must be host:port");
                }
            }
            return s;
        });
        String registry = r.required("kafka.schema-registry-url", s -> httpUrl("kafka.schema-registry-url", s).toString());
        ClientProperties kafkaClient = r.optional("kafka.client-properties", ClientProperties.none(), s -> {
            try {
                return ClientProperties.fromPath(s, "kafka.client-properties (" + ClientProperties.ENV + ")");
            } catch (org.apache.kafka.common.config.ConfigException e) {
                throw new ConfigException(e.getMessage());
            }
        });
        Duration maxBlock = r.optional("kafka.max-block", Duration.ofSeconds(10), s -> positive("kafka.max-block", s));
        int publishBatch = r.optional("kafka.publish-batch", 500, s -> intIn("kafka.publish-batch", s, 1, 100_000));
        Path spoolDir = r.required("spool.dir", Path::of);
        long spoolMaxBytes = r.optional("spool.max-bytes", 256L * 1024 * 1024, s -> {
            long b = ConfigValues.bytes("spool.max-bytes", s);
            if (b < 64 * 1024) {
                throw new ConfigException("spool.max-bytes: " + s + " is too small; use at least 64KB");
            }
            return b;
        });
        long spoolMaxRecords = r.optional("spool.max-records", 2_000_000L, s -> (long) intIn("spool.max-records", s, 1, Integer.MAX_VALUE));
        Duration interval = r.optional("schedule.interval", Duration.ofSeconds(60), s -> positive("schedule.interval", s));
        Duration jitter = r.optional("schedule.jitter", Duration.ofSeconds(10), s -> ConfigValues.duration("schedule.jitter", s));
        int concurrency = r.optional("schedule.concurrency", 4, s -> intIn("schedule.concurrency", s, 1, 256));
        Path targetsFile = r.optional("targets.file", null, s -> {
            Path p = Path.of(s);
            if (!Files.isReadable(p)) {
                throw new ConfigException("targets.file: " + p.toAbsolutePath() + " does not exist or is not readable");
            }
            return p;
        });
        boolean fleet = r.optional("fleet-config.enabled", true, s -> bool("fleet-config.enabled", s));
        Duration heartbeat = r.optional("heartbeat.interval", Duration.ofSeconds(30), s -> positive("heartbeat.interval", s));
        URI clockUrl = r.optional("clock.reference-url", null, s -> httpUrl("clock.reference-url", s));
        Duration clockInterval = r.optional("clock.interval", Duration.ofMinutes(10), s -> positive("clock.interval", s));
        int metricsPort = r.optional("metrics.port", 9464, s -> intIn("metrics.port", s, -1, 65535));
        List<ResolverSpec> resolvers = r.optional("measure.resolvers", List.of(ResolverSpec.system()), s -> {
            List<ResolverSpec> list = new ArrayList<>();
            for (String part : s.split(",")) {
                list.add(resolver("measure.resolvers", part));
            }
            return list;
        });
        ResolverSpec controlResolver = r.optional("measure.control-resolver", null, s -> resolver("measure.control-resolver", s));
        Duration phaseTimeout = r.optional("measure.timeout", Duration.ofSeconds(10), s -> positive("measure.timeout", s));

        if (!errors.isEmpty()) {
            throw new ConfigException("invalid probe configuration:\n  - " + String.join("\n  - ", errors));
        }
        ProbeIdentity identity = new ProbeIdentity(probeId, country, asn, values.get("probe.region"),
                values.get("probe.city"), networkType, ProbeVersion.VERSION);
        return new ProbeConfig(identity, bootstrap, registry, kafkaClient, spoolDir, spoolMaxBytes, spoolMaxRecords,
                new ProbeConfig.Schedule(interval, jitter, concurrency), targetsFile, fleet, heartbeat, clockUrl,
                clockInterval, metricsPort, maxBlock, publishBatch,
                new ProbeConfig.Measure(resolvers, controlResolver, phaseTimeout));
    }

    static Map<String, String> readFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("configuration file " + file.toAbsolutePath() + " does not exist or is not readable");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".properties")) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                Map<String, String> m = new LinkedHashMap<>();
                p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
                return m;
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
                Map<String, String> m = new LinkedHashMap<>();
                if (root != null && !root.isMissingNode() && !root.isNull()) {
                    if (!root.isObject()) {
                        throw new ConfigException("configuration file " + file + " must be a YAML mapping of keys to values");
                    }
                    flatten("", root, m);
                }
                return m;
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        throw new ConfigException("configuration file " + file + " must end in .yaml, .yml or .properties");
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    private static URI httpUrl(String key, String s) {
        try {
            URI u = new URI(s);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new ConfigException(key + ": '" + s + "' must be an http:// or https:// URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException(key + ": '" + s + "' is not a URL: " + e.getMessage());
        }
    }

    private static ResolverSpec resolver(String key, String s) {
        try {
            return ResolverSpec.parse(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    private static Duration positive(String key, String s) {
        Duration d = ConfigValues.duration(key, s);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(key + ": must be positive, got " + s);
        }
        return d;
    }

    private static int intIn(String key, String s, int min, int max) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v < min || v > max) {
                throw new ConfigException(key + ": " + v + " is outside " + min + ".." + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + s + "' is not a whole number");
        }
    }

    private static boolean bool(String key, String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key + ": '" + s + "' must be true or false");
        };
    }

    /** Reads keys, turning each failure into one collected error line. */
    private record Reader(Map<String, String> values, List<String> errors) {

        <T> T required(String key, Function<String, T> parse) {
            String v = values.get(key);
            if (v == null || v.isBlank()) {
                errors.add(key + " is required (or set " + ENVIRONMENT.get(key) + ")");
                return null;
            }
            return parse(key, v, parse, null);
        }

        <T> T optional(String key, T fallback, Function<String, T> parse) {
            String v = values.get(key);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            return parse(key, v, parse, fallback);
        }

        private <T> T parse(String key, String v, Function<String, T> parse, T fallback) {
            try {
                return parse.apply(v.trim());
            } catch (ConfigException e) {
                errors.add(e.getMessage());
            } catch (RuntimeException e) {
                errors.add(key + ": '" + v + "' is invalid: " + e.getMessage());
            }
            return fallback;
        }
    }
}
