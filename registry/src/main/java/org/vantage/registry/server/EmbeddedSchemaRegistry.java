package org.vantage.registry.server;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.registry.store.SchemaStore;
import org.vantage.topics.VantageTopic;

/**
 * A Confluent-API-compatible Schema Registry server for the single-machine default and the tests. Schemas
 * live in the compacted Kafka topic {@code _schemas} ({@link VantageTopic#SCHEMAS}, created if missing) in
 * Confluent's record layout, replayed on start, so ids survive restarts. Compatibility is enforced with
 * Avro's checker: BACKWARD by default, NONE/FORWARD/FULL and transitive variants, per-subject overrides.
 *
 * <p>Exactly one instance may serve writes for a given topic (single writer); see {@link KafkaSchemaLog}.
 * Optional basic auth protects writes (or everything, see {@link Builder#authenticateReads}).
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final KafkaSchemaLog log;
    private final Javalin http;
    private final String url;

    private EmbeddedSchemaRegistry(Builder b) {
        SchemaStore store = new SchemaStore();
        this.log = new KafkaSchemaLog(b.bootstrapServers, b.topic, b.kafkaClientConfig, store, b.timeout);
        RegistryHttpApi api =
                new RegistryHttpApi(new RegistryService(store, log), b.basicAuthUserInfo, b.authenticateReads);
        try {
            this.http = Javalin.create(cfg -> {
                        cfg.startup.showJavalinBanner = false;
                        cfg.startup.showOldJavalinVersionWarning = false;
                        api.routes(cfg.routes);
                    })
                    .start(b.host, b.port);
        } catch (RuntimeException e) {
            log.close();
            throw new IllegalStateException(
                    "cannot start the schema registry HTTP server on " + b.host + ":" + b.port + ": " + e.getMessage(),
                    e);
        }
        String hostForUrl = b.host.contains(":") ? "[" + b.host + "]" : b.host;
        this.url = "http://" + hostForUrl + ":" + http.port();
        LOG.info("schema registry listening on {} (storage topic {} on {})", url, b.topic, b.bootstrapServers);
    }

    /**
     * Starts a registry on {@code host:port} (port 0 = a random free port) storing schemas in {@code _schemas}
     * on the given Kafka cluster, with default settings. Blocks until the stored state has been read.
     */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, String host, int port) {
        return builder(bootstrapServers).host(host).port(port).start();
    }

    /** Settings beyond the defaults (127.0.0.1, random port, {@code _schemas}, no auth, 10 s timeout). */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** The port actually bound. */
    public int port() {
        return http.port();
    }

    /** Stops the HTTP server, then the Kafka clients. */
    @Override
    public void close() {
        try {
            http.stop();
        } finally {
            log.close();
        }
        LOG.info("schema registry on {} stopped", url);
    }

    /** Options of an {@link EmbeddedSchemaRegistry}. */
    public static final class Builder {
        private final String bootstrapServers;
        private String host = "127.0.0.1";
        private int port = 0;
        private String topic = VantageTopic.SCHEMAS.topicName();
        private Optional<String> basicAuthUserInfo = Optional.empty();
        private boolean authenticateReads;
        private Duration timeout = Duration.ofSeconds(10);
        private final Map<String, Object> kafkaClientConfig = new HashMap<>();

        private Builder(String bootstrapServers) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers are required (host:port of the Kafka cluster)");
            }
            this.bootstrapServers = bootstrapServers;
        }

        /** Interface to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind, 0 for a random free port (the default). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Storage topic (default {@code _schemas}). */
        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** Require HTTP basic auth {@code user:password} for writes (register, delete, config changes). */
        public Builder basicAuth(String userInfo) {
            if (userInfo == null || !userInfo.contains(":")) {
                throw new IllegalArgumentException("basic auth must be user:password");
            }
            this.basicAuthUserInfo = Optional.of(userInfo);
            return this;
        }

        /** Also require basic auth for reads (default false: reads are open, writes protected). */
        public Builder authenticateReads(boolean authenticateReads) {
            this.authenticateReads = authenticateReads;
            return this;
        }

        /** Timeout for Kafka operations: start-up, topic creation, each write's round trip (default 10 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** Extra Kafka client settings (e.g. security.protocol, sasl.*) for the registry's own clients. */
        public Builder kafkaClientConfig(Map<String, ?> config) {
            this.kafkaClientConfig.putAll(config);
            return this;
        }

        /** Starts the registry; blocks until the stored state has been read back. */
        public EmbeddedSchemaRegistry start() {
            return new EmbeddedSchemaRegistry(this);
        }
    }
}
