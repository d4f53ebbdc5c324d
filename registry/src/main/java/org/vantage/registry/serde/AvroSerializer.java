package org.vantage.registry.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.client.SchemaRegistryClient;
import org.vantage.registry.client.SchemaRegistryClients;

/**
 * Kafka serializer writing Avro records in Confluent's wire format (see {@link WireFormat}), with the
 * record's own schema registered (or, with {@code auto.register.schemas=false}, looked up) under the
 * topic-name subject {@code <topic>-value} / {@code <topic>-key}. Generated (specific) classes are the
 * normal input; generic records work too.
 *
 * <p>Ids are cached per (subject, schema): after the first record of a schema no registry call is made.
 * A null record becomes null bytes (a tombstone). Thread-safe.
 */
public class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private volatile SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private boolean autoRegister = true;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    /** For creation by class name; {@link #configure} must supply {@code schema.registry.url}. */
    public AvroSerializer() {}

    /** With a given registry client (tests, or sharing one client); {@link #configure} is then optional. */
    public AvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.autoRegister = AvroSerdeConfig.fromMap(configs).autoRegisterSchemas();
        if (client == null) {
            client = SchemaRegistryClients.create(configs);
            ownsClient = true;
        }
    }

    void useClient(SchemaRegistryClient shared) {
        this.client = shared;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        String subject = WireFormat.subject(topic, isKey);
        int id = schemaId(subject, schema);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            byte[] header = new byte[WireFormat.HEADER_SIZE];
            WireFormat.writeHeader(header, id);
            out.write(header);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, s -> writerFor(data, s)).write(data, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot encode " + schema.getFullName() + " for topic " + topic + " (schema id " + id + "): " + e,
                    e);
        }
    }

    private int schemaId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        SchemaRegistryClient registry = client;
        if (registry == null) {
            throw new SerializationException("AvroSerializer is not configured: call configure() with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " or pass a SchemaRegistryClient");
        }
        int id;
        try {
            id = autoRegister ? registry.register(subject, schema) : registry.getId(subject, schema);
        } catch (SchemaRegistryException e) {
            if (!autoRegister && e.isNotFound()) {
                throw new SerializationException(
                        "schema " + schema.getFullName() + " is not registered under subject '"
                                + subject + "' and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
                                + "=false: register it first (registry error " + e.errorCode() + ")",
                        e);
            }
            if (e.errorCode() == SchemaRegistryException.INCOMPATIBLE_SCHEMA) {
                throw new SerializationException(
                        "schema " + schema.getFullName() + " is incompatible with subject '" + subject + "': "
                                + e.getMessage(),
                        e);
            }
            throw new SerializationException(
                    "cannot " + (autoRegister ? "register" : "look up") + " schema " + schema.getFullName()
                            + " under subject '" + subject + "': " + e.getMessage(),
                    e);
        }
        ids.put(schema, id);
        return id;
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(IndexedRecord sample, Schema schema) {
        // Use the generated class's own model so its logical-type conversions (Instant, ...) apply.
        GenericData model = sample instanceof SpecificRecordBase specific
                ? specific.getSpecificData()
                : sample instanceof org.apache.avro.specific.SpecificRecord
                        ? SpecificData.getForClass(sample.getClass())
                        : GenericData.get();
        return (DatumWriter<Object>) model.createDatumWriter(schema);
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
