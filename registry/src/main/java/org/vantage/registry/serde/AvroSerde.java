package org.vantage.registry.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.vantage.registry.client.SchemaRegistryClient;
import org.vantage.registry.client.SchemaRegistryClients;

/**
 * Kafka Streams serde for a generated Avro class in Confluent wire format: an {@link AvroSerializer} and an
 * {@link AvroDeserializer} sharing one registry client (and so one cache). Usage:
 * {@code AvroSerde.of(Measurement.class)} then {@code .configure(Map.of("schema.registry.url", url), false)}.
 */
public class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;
    private boolean hasClient;

    /** A serde for {@code type}; {@link #configure} supplies the registry. */
    public AvroSerde(Class<T> type) {
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>(type);
    }

    /** A serde for {@code type} with a given registry client. */
    public AvroSerde(Class<T> type, SchemaRegistryClient client) {
        this.serializer = new AvroSerializer<>(client);
        this.deserializer = new AvroDeserializer<>(type, client);
        this.hasClient = true;
    }

    /** Same as {@code new AvroSerde<>(type)}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type);
    }

    /** Same as {@code new AvroSerde<>(type, client)}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaRegistryClient client) {
        return new AvroSerde<>(type, client);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (!hasClient) {
            SchemaRegistryClient shared = SchemaRegistryClients.create(configs);
            serializer.useClient(shared);
            deserializer.useClient(shared);
            hasClient = true;
        }
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
