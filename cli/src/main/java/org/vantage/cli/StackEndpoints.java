package org.vantage.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.vantage.kafka.ClientProperties;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.stack.StackFile;

/**
 * Where Kafka and the Schema Registry are: explicit options win, then the environment
 * (VANTAGE_BOOTSTRAP_SERVERS, VANTAGE_SCHEMA_REGISTRY_URL), then the stack file that a running
 * {@code vantage stack up} or {@code vantage demo} wrote in its data directory. {@code clientProperties}
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
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl));
        config.putAll(own);
        return config;
    }

    public static StackEndpoints resolve(String bootstrapOption, String registryOption, Path stackDataDir) {
        Optional<StackFile> stack;
        try {
            stack = StackFile.read(stackDataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String bootstrap = firstNonBlank(bootstrapOption, System.getenv("VANTAGE_BOOTSTRAP_SERVERS"),
                stack.map(StackFile::bootstrapServers).orElse(null));
        String registry = firstNonBlank(registryOption, System.getenv("VANTAGE_SCHEMA_REGISTRY_URL"),
                stack.map(StackFile::schemaRegistryUrl).orElse(null));
        if (bootstrap == null || registry == null) {
            throw new IllegalArgumentException("Kafka and Schema Registry not configured: pass --bootstrap-servers and "
                    + "--registry-url, set VANTAGE_BOOTSTRAP_SERVERS and VANTAGE_SCHEMA_REGISTRY_URL, or start the "
                    + "local stack (./vantage stack up), which writes " + StackFile.path(stackDataDir));
        }
        return new StackEndpoints(bootstrap, registry);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
