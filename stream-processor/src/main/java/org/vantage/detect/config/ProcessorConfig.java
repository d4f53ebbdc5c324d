package org.vantage.detect.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.config.Resolved;
import org.vantage.config.Setting;
import org.vantage.config.SettingsException;
import org.vantage.config.Sources;
import org.vantage.kafka.ClientProperties;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.topics.VantageTopic;

/**
 * Typed, validated configuration of the stream processor, built from the settings of
 * {@link ProcessorSettings} (environment variables and options) or in code with {@link #builder()};
 * {@link #validate()} fails fast with every problem listed.
 *
 * <p>{@code clientProperties} is the Kafka client properties file of {@code VANTAGE_KAFKA_CLIENT_PROPERTIES}
 * (security, client tuning such as {@code session.timeout.ms}, registry credentials such as
 * {@code basic.auth.user.info}); it is merged into the Streams configuration, the serde configuration and
 * every other Kafka client of the processor, under the settings below.
 */
public record ProcessorConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        ClientProperties clientProperties,
        String applicationId,
        Path stateDir,
        String processingGuarantee,
        int streamThreads,
        Duration commitInterval,
        long cacheMaxBytes,
        int replicationFactor,
        int httpPort,
        String advertisedHost,
        DetectionThresholds thresholds) {

    public static final String DEFAULT_APPLICATION_ID = "vantage-detect";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorConfig.class);

    /**
     * Reads the configuration from environment variables (or any map of them), defaults for the rest.
     * Throws {@link ConfigException} listing every value that does not parse; call {@link #validate()} next.
     */
    public static ProcessorConfig fromEnv(Map<String, String> env) {
        return from(Sources.environment(env));
    }

    /**
     * Reads the configuration from its sources (defaults &lt; environment &lt; command line; the processor
     * has no file). Throws {@link ConfigException} listing every value that does not parse; call
     * {@link #validate()} next, which checks ranges, rules between settings and the connection.
     */
    public static ProcessorConfig from(Sources sources) {
        return builder(sources).build();
    }

    /**
     * A typed builder for configurations made in code (tests, the demo, the benchmark): the defaults, with
     * any setting changed through {@link Builder#set} or the named shortcuts.
     */
    public static Builder builder() {
        return new Builder(ProcessorSettings.ALL.resolve(Sources.none()));
    }

    /**
     * A builder starting from the values of {@code sources} (the environment, say), for code that overrides a
     * few of them.
     *
     * @throws ConfigException listing every value that does not parse
     */
    public static Builder builder(Sources sources) {
        try {
            return new Builder(ProcessorSettings.ALL.resolve(sources));
        } catch (SettingsException e) {
            throw new ConfigException(e.problems());
        }
    }

    /** Builds a {@link ProcessorConfig} from typed setting values; nothing is parsed from text. */
    public static final class Builder {
        private Resolved values;

        private Builder(Resolved values) {
            this.values = values;
        }

        /** Sets any declared setting of {@link ProcessorSettings}. */
        public <T> Builder set(Setting<T> setting, T value) {
            values = values.with(setting, value);
            return this;
        }

        /** Whether the sources or this builder set {@code setting} (rather than leaving its default). */
        public boolean isSet(Setting<?> setting) {
            return values.isSet(setting);
        }

        public Builder bootstrapServers(String servers) {
            return set(ProcessorSettings.BOOTSTRAP_SERVERS, servers);
        }

        public Builder schemaRegistryUrl(String url) {
            return set(ProcessorSettings.SCHEMA_REGISTRY_URL, url);
        }

        public Builder applicationId(String id) {
            return set(ProcessorSettings.APPLICATION_ID, id);
        }

        public Builder stateDir(Path dir) {
            return set(ProcessorSettings.STATE_DIR, dir);
        }

        public Builder httpPort(int port) {
            return set(ProcessorSettings.HTTP_PORT, port);
        }

        public Builder commitInterval(Duration interval) {
            return set(ProcessorSettings.COMMIT_INTERVAL, interval);
        }

        /** Client settings given in code or loaded already ({@link ClientProperties#load}). */
        public Builder clientProperties(ClientProperties properties) {
            return set(ProcessorSettings.CLIENT_PROPERTIES, properties);
        }

        /** Deprecated settings that the sources or this builder set, one line each, naming where and why. */
        public List<String> warnings() {
            return values.deprecationWarnings();
        }

        /**
         * The configuration; not validated yet ({@link #validate()}). A deprecated setting that was set has no effect and
         * is logged as a warning ({@link #warnings()}).
         */
        public ProcessorConfig build() {
            Resolved v = values;
            warnings().forEach(LOG::warn);
            DetectionThresholds thresholds = new DetectionThresholds(
                    v.get(ProcessorSettings.WINDOW_SIZE),
                    v.get(ProcessorSettings.GRACE),
                    v.get(ProcessorSettings.MAX_FUTURE_SKEW),
                    v.get(ProcessorSettings.MAX_AGE),
                    v.get(ProcessorSettings.MIN_PROBES),
                    v.get(ProcessorSettings.MAX_SAMPLES_PER_PROBE),
                    v.get(ProcessorSettings.PROBE_WARMUP),
                    v.get(ProcessorSettings.DISRUPTED_FAILURE_RATE),
                    v.get(ProcessorSettings.DEGRADED_FAILURE_RATE),
                    v.get(ProcessorSettings.CONTROL_HEALTHY_MAX),
                    v.get(ProcessorSettings.CONTROL_OUTAGE_RATE),
                    v.get(ProcessorSettings.THROTTLE_LATENCY_RATIO),
                    v.get(ProcessorSettings.BASELINE_MIN_WINDOWS),
                    v.get(ProcessorSettings.BASELINE_ALPHA),
                    v.get(ProcessorSettings.SUSTAIN_WINDOWS),
                    v.get(ProcessorSettings.OPEN_AFTER_WINDOWS),
                    v.get(ProcessorSettings.RESOLVE_AFTER_WINDOWS),
                    v.get(ProcessorSettings.NATIONWIDE_USER_SHARE),
                    v.get(ProcessorSettings.GLOBAL_MIN_COUNTRIES),
                    v.get(ProcessorSettings.SILENCE_AFTER),
                    v.get(ProcessorSettings.SILENCE_CHECK_INTERVAL),
                    v.get(ProcessorSettings.COUNTRY_WAIT_TIMEOUT),
                    v.get(ProcessorSettings.RELATED_MIN_SIMILARITY),
                    Set.copyOf(v.get(ProcessorSettings.PLATFORMS)),
                    new SparseSettings(
                            v.get(ProcessorSettings.SPARSE_HORIZONS),
                            v.get(ProcessorSettings.SPARSE_RETENTION),
                            v.get(ProcessorSettings.SPARSE_MIN_FAILING_REPORTS),
                            v.get(ProcessorSettings.SPARSE_HEALTHY_FAILURE_RATE),
                            v.get(ProcessorSettings.SPARSE_SIGNIFICANCE)),
                    v.get(ProcessorSettings.REGION_SUSTAIN_WINDOWS),
                    new TrustSettings(
                            v.get(ProcessorSettings.PROBE_TRUST),
                            v.get(ProcessorSettings.OPEN_FLEET_WEIGHT),
                            v.get(ProcessorSettings.OPEN_FLEET_CAP)));
            return new ProcessorConfig(
                    v.get(ProcessorSettings.BOOTSTRAP_SERVERS),
                    v.get(ProcessorSettings.SCHEMA_REGISTRY_URL),
                    v.get(ProcessorSettings.CLIENT_PROPERTIES),
                    v.get(ProcessorSettings.APPLICATION_ID),
                    v.get(ProcessorSettings.STATE_DIR),
                    v.get(ProcessorSettings.PROCESSING_GUARANTEE),
                    v.get(ProcessorSettings.STREAM_THREADS),
                    v.get(ProcessorSettings.COMMIT_INTERVAL),
                    v.get(ProcessorSettings.CACHE_MAX_BYTES),
                    v.get(ProcessorSettings.REPLICATION_FACTOR),
                    v.get(ProcessorSettings.HTTP_PORT),
                    v.get(ProcessorSettings.ADVERTISED_HOST),
                    thresholds);
        }
    }

    public ProcessorConfig withConnection(String bootstrap, String registryUrl) {
        return new ProcessorConfig(
                bootstrap == null ? bootstrapServers : bootstrap,
                registryUrl == null ? schemaRegistryUrl : registryUrl,
                clientProperties,
                applicationId,
                stateDir,
                processingGuarantee,
                streamThreads,
                commitInterval,
                cacheMaxBytes,
                replicationFactor,
                httpPort,
                advertisedHost,
                thresholds);
    }

    public ProcessorConfig withHttpPort(int port) {
        return new ProcessorConfig(
                bootstrapServers,
                schemaRegistryUrl,
                clientProperties,
                applicationId,
                stateDir,
                processingGuarantee,
                streamThreads,
                commitInterval,
                cacheMaxBytes,
                replicationFactor,
                port,
                advertisedHost,
                thresholds);
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            p.add(
                    "bootstrap servers missing: set VANTAGE_BOOTSTRAP_SERVERS (e.g. 127.0.0.1:9092) or --bootstrap-servers");
        }
        if (schemaRegistryUrl == null
                || !(schemaRegistryUrl.startsWith("http://")
                        || schemaRegistryUrl.startsWith("https://")
                        || schemaRegistryUrl.startsWith("mock://"))) {
            p.add(
                    "schema registry URL missing or not http(s)://: set VANTAGE_SCHEMA_REGISTRY_URL or --schema-registry-url, got "
                            + schemaRegistryUrl);
        }
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            p.add("VANTAGE_APPLICATION_ID must be letters, digits, '.', '_' or '-', got '" + applicationId + "'");
        }
        if (!List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE).contains(processingGuarantee)) {
            p.add("VANTAGE_PROCESSING_GUARANTEE must be exactly_once_v2 or at_least_once, got '" + processingGuarantee
                    + "'");
        }
        if (streamThreads < 1) {
            p.add("VANTAGE_STREAM_THREADS must be >= 1, got " + streamThreads);
        }
        if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
            p.add("VANTAGE_COMMIT_INTERVAL must be positive, got " + commitInterval);
        }
        if (cacheMaxBytes < 0) {
            p.add("VANTAGE_CACHE_MAX_BYTES must be >= 0, got " + cacheMaxBytes);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            p.add("VANTAGE_REPLICATION_FACTOR must be -1 (broker default) or >= 1, got " + replicationFactor);
        }
        if (advertisedHost != null
                && !advertisedHost.isBlank()
                && !advertisedHost.matches("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]")) {
            p.add("VANTAGE_ADVERTISED_HOST must be a host name or address without a port, got '" + advertisedHost
                    + "'");
        }
        if (httpPort < 0 || httpPort > 65535) {
            p.add("VANTAGE_HTTP_PORT must be 0..65535 (0 = any free port), got " + httpPort);
        }
        p.addAll(thresholds.problems());
        return p;
    }

    /** Throws {@link ConfigException} listing every problem; returns this when valid. */
    public ProcessorConfig validate() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new ConfigException(p);
        }
        return this;
    }

    /**
     * Serde configuration for the registry-backed Avro serdes: the registry URL over the client properties
     * (which may carry {@code basic.auth.user.info} and {@code schema.registry.ssl.*}).
     */
    public Map<String, Object> serdeConfig() {
        return clientProperties.merge(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl));
    }

    /**
     * Base configuration of the processor's plain clients (consumers, Admin): bootstrap servers and the
     * registry URL over the client properties. Each client adds its own settings on top.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> m = new HashMap<>();
        m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        m.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return clientProperties.merge(m);
    }

    /**
     * Kafka Streams settings. Exactly-once v2 so a crash neither loses state nor duplicates an alert. The
     * commit interval (500 ms) is a trade: alerts become visible to read-committed consumers only on commit,
     * and an alert crosses two commits (network stage, then country stage), so it bounds the added latency
     * to about one second; each commit costs a transaction and a write-back of every changed window summary,
     * so shorter intervals cost throughput (the benchmark measured 42k/s at 200 ms, 50k/s at 1 s). The
     * 32 MiB record cache is for stores without a write-back layer (the per-network stage's all have one). These settings win over the client
     * properties file; everything else in the file (security, consumer and producer tuning) applies.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheMaxBytes);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // A task reads its measurement and heartbeat partitions as data arrives, without waiting to interleave
        // them by timestamp: heartbeats never move a network's clock, so their order against measurements does
        // not matter, and the check costs ~7% of the stream thread whenever one of the two partitions is empty
        // (it formats a log line per record). Every other task has a single input.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Records our own validation cannot explain (a bug, not bad input) go to the dead-letter topic
        // with Kafka Streams' exception headers instead of stopping detection for everyone.
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, VantageTopic.DEAD_LETTERS.topicName());
        p.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return clientProperties.merge(p);
    }
}
