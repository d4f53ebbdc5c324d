package org.vantage.detect.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.vantage.kafka.ClientProperties;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.topics.VantageTopic;

/**
 * Typed, validated configuration of the stream processor. Every value can be set by an environment
 * variable (names in {@link #fromEnv}); {@link #validate()} fails fast with every problem listed.
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
        DetectionThresholds thresholds) {

    public static final String DEFAULT_APPLICATION_ID = "vantage-detect";

    /**
     * Reads the configuration from environment variables (or any map of them), defaults for the rest.
     * Throws {@link ConfigException} listing every value that does not parse; call {@link #validate()} next.
     */
    public static ProcessorConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        DetectionThresholds d = DetectionThresholds.defaults();
        DetectionThresholds thresholds = new DetectionThresholds(
                r.duration("VANTAGE_WINDOW_SIZE", d.windowSize()),
                r.duration("VANTAGE_EMIT_DELAY", d.emitDelay()),
                r.duration("VANTAGE_GRACE", d.grace()),
                r.duration("VANTAGE_MAX_FUTURE_SKEW", d.maxFutureSkew()),
                r.duration("VANTAGE_MAX_AGE", d.maxAge()),
                r.integer("VANTAGE_MIN_PROBES", d.minProbes()),
                r.integer("VANTAGE_MAX_SAMPLES_PER_PROBE", d.maxSamplesPerProbe()),
                r.duration("VANTAGE_PROBE_WARMUP", d.probeWarmup()),
                r.decimal("VANTAGE_DISRUPTED_FAILURE_RATE", d.disruptedFailureRate()),
                r.decimal("VANTAGE_DEGRADED_FAILURE_RATE", d.degradedFailureRate()),
                r.decimal("VANTAGE_CONTROL_HEALTHY_MAX", d.controlHealthyMax()),
                r.decimal("VANTAGE_CONTROL_OUTAGE_RATE", d.controlOutageRate()),
                r.decimal("VANTAGE_THROTTLE_LATENCY_RATIO", d.throttleLatencyRatio()),
                r.integer("VANTAGE_BASELINE_MIN_WINDOWS", d.baselineMinWindows()),
                r.decimal("VANTAGE_BASELINE_ALPHA", d.baselineAlpha()),
                r.integer("VANTAGE_SUSTAIN_WINDOWS", d.sustainWindows()),
                r.integer("VANTAGE_OPEN_AFTER_WINDOWS", d.openAfterWindows()),
                r.integer("VANTAGE_RESOLVE_AFTER_WINDOWS", d.resolveAfterWindows()),
                r.decimal("VANTAGE_NATIONWIDE_USER_SHARE", d.nationwideUserShare()),
                r.integer("VANTAGE_GLOBAL_MIN_COUNTRIES", d.globalMinCountries()),
                r.duration("VANTAGE_SILENCE_AFTER", d.silenceAfter()),
                r.duration("VANTAGE_SILENCE_CHECK_INTERVAL", d.silenceCheckInterval()),
                r.duration("VANTAGE_COUNTRY_WAIT_TIMEOUT", d.countryWaitTimeout()),
                r.decimal("VANTAGE_RELATED_MIN_SIMILARITY", d.relatedMinSimilarity()),
                r.set("VANTAGE_PLATFORMS", d.platforms()),
                new SparseSettings(
                        r.durations("VANTAGE_SPARSE_HORIZONS", d.sparse().horizons()),
                        r.duration("VANTAGE_SPARSE_RETENTION", d.sparse().retention()),
                        r.integer("VANTAGE_SPARSE_MIN_FAILING_REPORTS", d.sparse().minFailingReports()),
                        r.decimal("VANTAGE_SPARSE_HEALTHY_FAILURE_RATE", d.sparse().healthyFailureRate()),
                        r.decimal("VANTAGE_SPARSE_SIGNIFICANCE", d.sparse().significance())));
        ProcessorConfig c = new ProcessorConfig(
                r.string("VANTAGE_BOOTSTRAP_SERVERS", null),
                r.string("VANTAGE_SCHEMA_REGISTRY_URL", null),
                r.clientProperties(ClientProperties.ENV),
                r.string("VANTAGE_APPLICATION_ID", DEFAULT_APPLICATION_ID),
                Path.of(r.string("VANTAGE_STATE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "vantage-detect").toString())),
                r.string("VANTAGE_PROCESSING_GUARANTEE", StreamsConfig.EXACTLY_ONCE_V2),
                r.integer("VANTAGE_STREAM_THREADS", 1),
                r.duration("VANTAGE_COMMIT_INTERVAL", Duration.ofMillis(500)),
                r.longValue("VANTAGE_CACHE_MAX_BYTES", 32L * 1024 * 1024),
                r.integer("VANTAGE_REPLICATION_FACTOR", -1),
                r.integer("VANTAGE_HTTP_PORT", 8080),
                thresholds);
        if (!r.problems.isEmpty()) {
            // values that do not parse; the rest (missing connection, ranges) is checked by validate(),
            // after command-line options had their say
            throw new ConfigException(r.problems);
        }
        return c;
    }

    public ProcessorConfig withConnection(String bootstrap, String registryUrl) {
        return new ProcessorConfig(bootstrap == null ? bootstrapServers : bootstrap,
                registryUrl == null ? schemaRegistryUrl : registryUrl, clientProperties, applicationId, stateDir,
                processingGuarantee, streamThreads, commitInterval, cacheMaxBytes, replicationFactor, httpPort, thresholds);
    }

    public ProcessorConfig withHttpPort(int port) {
        return new ProcessorConfig(bootstrapServers, schemaRegistryUrl, clientProperties, applicationId, stateDir,
                processingGuarantee, streamThreads, commitInterval, cacheMaxBytes, replicationFactor, port, thresholds);
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            p.add("bootstrap servers missing: set VANTAGE_BOOTSTRAP_SERVERS (e.g. 127.0.0.1:9092) or --bootstrap-servers");
        }
        if (schemaRegistryUrl == null || !(schemaRegistryUrl.startsWith("http://") || schemaRegistryUrl.startsWith("https://")
                || schemaRegistryUrl.startsWith("mock://"))) {
            p.add("schema registry URL missing or not http(s)://: set VANTAGE_SCHEMA_REGISTRY_URL or --schema-registry-url, got "
                    + schemaRegistryUrl);
        }
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            p.add("VANTAGE_APPLICATION_ID must be letters, digits, '.', '_' or '-', got '" + applicationId + "'");
        }
        if (!List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE).contains(processingGuarantee)) {
            p.add("VANTAGE_PROCESSING_GUARANTEE must be exactly_once_v2 or at_least_once, got '" + processingGuarantee + "'");
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
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return clientProperties.merge(p);
    }
}
