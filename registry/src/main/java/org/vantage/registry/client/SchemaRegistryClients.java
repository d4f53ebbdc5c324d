package org.vantage.registry.client;

import java.util.Map;

/** Creates the right client for a configuration: in-memory for {@code mock://scope}, REST otherwise. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {}

    /** A client for the {@code schema.registry.url} (and related keys) in a Kafka-style config map. */
    public static SchemaRegistryClient create(Map<String, ?> configs) {
        return create(SchemaRegistryClientConfig.fromMap(configs));
    }

    /** A client for validated settings. */
    public static SchemaRegistryClient create(SchemaRegistryClientConfig config) {
        return config.mockScope()
                .<SchemaRegistryClient>map(InMemorySchemaRegistryClient::forScope)
                .orElseGet(() -> new RestSchemaRegistryClient(config));
    }
}
