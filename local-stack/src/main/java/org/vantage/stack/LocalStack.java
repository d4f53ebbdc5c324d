package org.vantage.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.server.EmbeddedSchemaRegistry;
import org.vantage.schema.NetworkInfo;
import org.vantage.topics.VantageTopic;

/**
 * The whole single-machine stack: a real Kafka broker (child JVM, {@link KafkaBrokerProcess}), the
 * embedded Schema Registry (in this JVM), every catalogue topic, and the network reference table.
 * Closing it stops the registry first, then the broker.
 *
 * <p>Tests: {@code try (LocalStack stack = LocalStack.builder().dataDir(tmp).start()) { ... }} gives
 * random free ports; {@link #broker()} allows killing and restarting the broker.
 */
public final class LocalStack implements AutoCloseable {

    private final KafkaBrokerProcess broker;
    private final EmbeddedSchemaRegistry registry;
    private final TopicProvisioner.Report topics;
    private final List<NetworkInfo> networks;

    private LocalStack(
            KafkaBrokerProcess broker,
            EmbeddedSchemaRegistry registry,
            TopicProvisioner.Report topics,
            List<NetworkInfo> networks) {
        this.broker = broker;
        this.registry = registry;
        this.topics = topics;
        this.networks = networks;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** {@code http://127.0.0.1:PORT} of the embedded Schema Registry. */
    public String registryUrl() {
        return registry.url();
    }

    /** The broker process, for fault injection ({@code kill()}, {@code restart()}). */
    public KafkaBrokerProcess broker() {
        return broker;
    }

    /** What topic provisioning created or found at start. */
    public TopicProvisioner.Report topics() {
        return topics;
    }

    /** The reference networks published to {@code vantage.networks.v1} at start (empty when disabled). */
    public List<NetworkInfo> networks() {
        return networks;
    }

    /** Client settings pointing at this stack, for producers, consumers and Streams apps. */
    public Map<String, Object> clientConfig() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                registryUrl());
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.stop();
        }
    }

    /** Stack settings; everything but the data directory has a default. */
    public static final class Builder {
        private Path dataDir;
        private int kafkaPort;
        private int registryPort;
        private String brokerHeap = "512m";
        private Duration timeout = Duration.ofSeconds(90);
        private boolean referenceData = true;
        private Map<String, Double> knownUserShare = new LinkedHashMap<>(ReferenceNetworks.DEFAULT_KNOWN_USER_SHARE);
        private Consumer<String> progress = line -> {};

        private Builder() {}

        /** Root of the stack's files; the broker keeps its data in {@code <dataDir>/kafka}. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        /** Broker client port; 0 (default) picks a free one. */
        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** Registry HTTP port; 0 (default) picks a free one. */
        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        public Builder brokerHeap(String heap) {
            this.brokerHeap = heap;
            return this;
        }

        /** Limit for the broker to answer and for topics to get leaders. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Whether to publish the bundled network reference table (default true). */
        public Builder referenceData(boolean enabled) {
            this.referenceData = enabled;
            return this;
        }

        /** Share of a country's users on the networks with known subscriber figures (see {@link ReferenceNetworks}). */
        public Builder knownUserShare(String country, double share) {
            this.knownUserShare.put(country.toUpperCase(java.util.Locale.ROOT), share);
            return this;
        }

        /** Receives one human-readable line per start step. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        public LocalStack start() {
            if (dataDir == null) {
                throw new IllegalStateException("dataDir is required");
            }
            // Validate the reference table before starting anything: bad configuration fails fast.
            List<NetworkInfo> networks = referenceData ? ReferenceNetworks.bundled(knownUserShare) : List.of();
            Path kafkaDir = dataDir.resolve("kafka");
            progress.accept("starting Kafka broker (KRaft, data in " + kafkaDir + ")");
            KafkaBrokerProcess broker = KafkaBrokerProcess.builder()
                    .dataDir(kafkaDir)
                    .port(kafkaPort)
                    .heap(brokerHeap)
                    .startTimeout(timeout)
                    .start();
            EmbeddedSchemaRegistry registry = null;
            try {
                progress.accept("Kafka broker ready at " + broker.bootstrapServers() + " (pid " + broker.pid() + ")");
                TopicProvisioner.Report topics;
                try (Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                    topics = new TopicProvisioner(admin, (short) 1, timeout).provisionAll();
                }
                progress.accept("topics ready: " + topics.created().size() + " created, "
                        + topics.existing().size() + " already present");
                topics.mismatches().forEach(m -> progress.accept("WARNING: " + m));
                progress.accept("starting Schema Registry");
                registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), FreePorts.LOOPBACK, registryPort);
                progress.accept("Schema Registry ready at " + registry.url());
                if (!networks.isEmpty()) {
                    ReferenceNetworks.publish(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    broker.bootstrapServers(),
                                    AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                                    registry.url()),
                            networks,
                            timeout);
                    progress.accept("published " + networks.size() + " reference networks to "
                            + VantageTopic.NETWORKS.topicName());
                }
                return new LocalStack(broker, registry, topics, List.copyOf(networks));
            } catch (RuntimeException e) {
                if (registry != null) {
                    try {
                        registry.close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                broker.stop();
                throw e;
            }
        }
    }
}
