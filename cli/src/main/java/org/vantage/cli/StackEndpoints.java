package org.vantage.cli;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.vantage.kafka.ClientProperties;
import org.vantage.registry.serde.AvroSerdeConfig;

/**
 * Where Kafka and the Schema Registry are ({@link StackOptions} finds them). {@code clientProperties}
 * (security, registry credentials) goes into every Kafka client and deserializer a command creates.
 */
public record StackEndpoints(String bootstrapServers, String registryUrl, ClientProperties clientProperties) {

    public StackEndpoints {
        Objects.requireNonNull(clientProperties, "clientProperties");
    }

    /** A plaintext stack (the local one): no client properties. */
    public StackEndpoints(String bootstrapServers, String registryUrl) {
        this(bootstrapServers, registryUrl, ClientProperties.none());
    }

    public StackEndpoints withClientProperties(ClientProperties client) {
        return new StackEndpoints(bootstrapServers, registryUrl, client);
    }

    /**
     * Configuration of a client and its serdes: {@code own} over the bootstrap servers and registry URL over
     * the client properties.
     */
    public Map<String, Object> clientConfig(Map<String, ?> own) {
        Map<String, Object> config = clientProperties.merge(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                registryUrl));
        config.putAll(own);
        return config;
    }
}
