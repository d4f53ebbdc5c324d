package org.vantage.probe.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.vantage.config.Resolved;
import org.vantage.config.SettingsException;
import org.vantage.config.Sources;
import org.vantage.probe.measure.ProbeIdentity;
import org.vantage.trust.ProbeCredentials;

/**
 * Builds a {@link ProbeConfig} from its settings ({@link ProbeSettings}): defaults, then a file
 * ({@code .yaml}/{@code .yml}, nested or dotted keys, or {@code .properties}), then environment variables,
 * then command-line options. Every problem is collected and reported at once, each with what to fix.
 */
public final class ProbeConfigLoader {

    private ProbeConfigLoader() {}

    /** Loads {@code file} (may be null: environment only), then this process's environment, then {@code commandLine}. */
    public static ProbeConfig loadForProcess(Path file, Map<String, String> commandLine) {
        return build(Sources.processEnvironment()
                .withFile(file == null ? Map.of() : readFile(file))
                .withCommandLine(commandLine));
    }

    /** Loads {@code file} (may be null), then {@code env} as the environment. */
    public static ProbeConfig load(Path file, Map<String, String> env) {
        return load(file, env, Map.of());
    }

    /**
     * Loads {@code file} (may be null), then {@code env}, then the command line's values (by setting name).
     *
     * @throws ConfigException listing every problem
     */
    public static ProbeConfig load(Path file, Map<String, String> env, Map<String, String> commandLine) {
        Map<String, String> values = file == null ? Map.of() : readFile(file);
        return build(new Sources(values, env, commandLine));
    }

    /** Builds and validates a configuration from flat dotted keys (a file's content). */
    public static ProbeConfig fromMap(Map<String, String> values) {
        return build(Sources.none().withFile(values));
    }

    private static ProbeConfig build(Sources sources) {
        Resolved r;
        try {
            r = ProbeSettings.ALL.resolve(sources);
        } catch (SettingsException e) {
            throw new ConfigException("invalid probe configuration:\n  - " + String.join("\n  - ", e.problems()));
        }
        ProbeCredentials credentials = r.get(ProbeSettings.CREDENTIALS);
        if (credentials != null && !credentials.probeId().equals(r.get(ProbeSettings.PROBE_ID))) {
            throw new ConfigException("invalid probe configuration:\n  - " + ProbeSettings.CREDENTIALS.key() + " ("
                    + ProbeSettings.CREDENTIALS.env() + "): the file is probe '" + credentials.probeId()
                    + "'s, this probe is '"
                    + r.get(ProbeSettings.PROBE_ID) + "'");
        }
        ProbeIdentity identity = new ProbeIdentity(
                r.get(ProbeSettings.PROBE_ID),
                r.get(ProbeSettings.COUNTRY),
                r.get(ProbeSettings.ASN),
                r.get(ProbeSettings.REGION),
                r.get(ProbeSettings.CITY),
                r.get(ProbeSettings.NETWORK_TYPE),
                ProbeVersion.VERSION);
        return new ProbeConfig(
                identity,
                r.get(ProbeSettings.BOOTSTRAP_SERVERS),
                r.get(ProbeSettings.SCHEMA_REGISTRY_URL),
                r.get(ProbeSettings.CLIENT_PROPERTIES),
                r.get(ProbeSettings.SPOOL_DIR),
                r.get(ProbeSettings.SPOOL_MAX_BYTES),
                r.get(ProbeSettings.SPOOL_MAX_RECORDS),
                new ProbeConfig.Schedule(
                        r.get(ProbeSettings.INTERVAL), r.get(ProbeSettings.JITTER), r.get(ProbeSettings.CONCURRENCY)),
                r.get(ProbeSettings.TARGETS_FILE),
                r.get(ProbeSettings.FLEET_CONFIG),
                r.get(ProbeSettings.HEARTBEAT_INTERVAL),
                r.get(ProbeSettings.CLOCK_REFERENCE_URL),
                r.get(ProbeSettings.CLOCK_INTERVAL),
                r.get(ProbeSettings.METRICS_PORT),
                r.get(ProbeSettings.MAX_BLOCK),
                r.get(ProbeSettings.PUBLISH_BATCH),
                new ProbeConfig.Measure(
                        r.get(ProbeSettings.RESOLVERS),
                        r.get(ProbeSettings.CONTROL_RESOLVER),
                        r.get(ProbeSettings.PHASE_TIMEOUT)),
                credentials);
    }

    static Map<String, String> readFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException(
                    "configuration file " + file.toAbsolutePath() + " does not exist or is not readable");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".properties")) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                Map<String, String> m = new LinkedHashMap<>();
                p.stringPropertyNames()
                        .forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
                return m;
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
                Map<String, String> m = new LinkedHashMap<>();
                if (root != null && !root.isMissingNode() && !root.isNull()) {
                    if (!root.isObject()) {
                        throw new ConfigException(
                                "configuration file " + file + " must be a YAML mapping of keys to values");
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
}
