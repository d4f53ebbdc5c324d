package org.vantage.registry.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.client.SchemaRegistryClient;
import org.vantage.registry.client.SchemaRegistryClients;

/**
 * Kafka deserializer reading Confluent wire format into a generated Avro class. The writer schema comes
 * from the registry by the id in the record; the reader schema is the class's own, so records written with
 * an older (or newer, compatible) schema are resolved into the current class. Writer schemas and the
 * resolving readers are cached per id: only the first record of each id costs a registry call.
 *
 * <p>Failures are {@link SerializationException}s saying what is wrong: "record too short (3 bytes)",
 * "unknown magic byte 0x7f", "schema id 42 not found in registry", a truncated body, or a writer schema the
 * class cannot read. Null bytes (a tombstone) become null. Thread-safe.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    /** A decoder per thread, re-pointed at each record: a new one per record was a tenth of what decoding allocated. */
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private volatile SchemaRegistryClient client;
    private boolean ownsClient;
    private Class<T> type;
    private Schema readerSchema;
    private SpecificData model;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For creation by class name: {@link #configure} needs {@code vantage.avro.reader.class} and the URL. */
    public AvroDeserializer() {}

    /** Reads into {@code type}; {@link #configure} supplies the registry. */
    public AvroDeserializer(Class<T> type) {
        setType(type);
    }

    /** Reads into {@code type} with a given registry client; {@link #configure} is then optional. */
    public AvroDeserializer(Class<T> type, SchemaRegistryClient client) {
        setType(type);
        this.client = client;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.fromMap(configs);
        if (type == null) {
            String name = config.readerClass()
                    .orElseThrow(
                            () -> new ConfigException(
                                    AvroSerdeConfig.READER_CLASS
                                            + " is required when AvroDeserializer is created without a class (e.g. org.vantage.schema.Measurement)"));
            try {
                Class<?> c = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
                if (!SpecificRecord.class.isAssignableFrom(c)) {
                    throw new ConfigException(AvroSerdeConfig.READER_CLASS, name, "is not a generated Avro class");
                }
                setType((Class<T>) c);
            } catch (ClassNotFoundException e) {
                throw new ConfigException(AvroSerdeConfig.READER_CLASS, name, "class not found");
            }
        }
        if (client == null) {
            client = SchemaRegistryClients.create(configs);
            ownsClient = true;
        }
    }

    void useClient(SchemaRegistryClient shared) {
        this.client = shared;
    }

    private void setType(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    /** The class records are read into. */
    public Class<T> type() {
        return type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (type == null) {
            throw new SerializationException("AvroDeserializer is not configured: no reader class (set "
                    + AvroSerdeConfig.READER_CLASS + " or use new AvroDeserializer<>(Measurement.class))");
        }
        int id = WireFormat.schemaId(data, topic);
        DatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = readerFor(id, topic);
            readers.put(id, reader);
        }
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, DECODERS.get());
        DECODERS.set(decoder);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new SerializationException(
                    "record body truncated on topic " + topic + ": " + data.length + " bytes end before a complete "
                            + type.getSimpleName() + " (schema id " + id + ")",
                    e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot decode " + type.getSimpleName() + " on topic " + topic + " (schema id " + id + ", "
                            + data.length + " bytes): " + e,
                    e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new SerializationException(
                        "corrupt record on topic " + topic + ": bytes left over after a complete "
                                + type.getSimpleName() + " (schema id " + id + ", " + data.length + " bytes)");
            }
        } catch (IOException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + " on topic " + topic, e);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(int id, String topic) {
        SchemaRegistryClient registry = client;
        if (registry == null) {
            throw new SerializationException("AvroDeserializer is not configured: call configure() with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " or pass a SchemaRegistryClient");
        }
        Schema writerSchema;
        try {
            writerSchema = registry.getSchemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new SerializationException(
                        "schema id " + id + " not found in registry (record on topic " + topic + ")", e);
            }
            throw new SerializationException(
                    "cannot fetch schema id " + id + " from registry (record on topic " + topic + "): "
                            + e.getMessage(),
                    e);
        }
        // Check once per id, so an unreadable writer schema fails with a message naming the field.
        SchemaCompatibility.SchemaPairCompatibility compat =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compat.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            var problems = compat.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                    .toList();
            throw new SerializationException("schema id " + id + " (" + writerSchema.getFullName() + ") on topic "
                    + topic + " cannot be read as " + type.getName() + ": " + problems);
        }
        return (DatumReader<T>) model.createDatumReader(writerSchema, readerSchema);
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
