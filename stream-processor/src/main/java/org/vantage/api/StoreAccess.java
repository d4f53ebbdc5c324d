package org.vantage.api;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read access to the processor's key-value stores: interactive queries on a running
 * {@link KafkaStreams} in production, the test driver's stores in tests.
 */
@FunctionalInterface
public interface StoreAccess {
    <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name);

    static StoreAccess of(KafkaStreams streams) {
        return new StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
                return streams.store(
                        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
            }
        };
    }
}
