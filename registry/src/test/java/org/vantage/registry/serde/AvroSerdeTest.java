package org.vantage.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.RegisteredSchema;
import org.vantage.registry.TestRecords;
import org.vantage.registry.client.InMemorySchemaRegistryClient;
import org.vantage.registry.client.SchemaRegistryClient;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Measurement;
import org.vantage.schema.PhaseTimings;

class AvroSerdeTest {

    private static final String TOPIC = "vantage.measurements.v1";

    private String scope;
    private Map<String, Object> config;
    private InMemorySchemaRegistryClient registry;

    @BeforeEach
    void freshScope() {
        scope = "serde-test-" + UUID.randomUUID();
        config = new HashMap<>(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope));
        registry = InMemorySchemaRegistryClient.forScope(scope);
    }

    @AfterEach
    void dropScope() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void roundTripsEveryFieldThroughTheWireFormat() {
        Measurement m = TestRecords.measurement("m-1");
        AvroSerde<Measurement> producerSide = AvroSerde.of(Measurement.class);
        producerSide.configure(config, false);
        AvroSerde<Measurement> consumerSide = AvroSerde.of(Measurement.class); // separate instance, same scope
        consumerSide.configure(config, false);

        byte[] bytes = producerSide.serializer().serialize(TOPIC, m);

        int id = registry.getLatestVersion(TOPIC + "-value").id();
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        Measurement back = consumerSide.deserializer().deserialize(TOPIC, bytes);
        assertThat(back).isEqualTo(m);
        assertThat(back.getEventTime()).isEqualTo(m.getEventTime());
        assertThat(back.getTimings().getTlsMs()).isNull();
    }

    @Test
    void keySerializerUsesTheKeySubject() {
        AvroSerializer<DisruptionAlert> keySerializer = new AvroSerializer<>();
        keySerializer.configure(config, true);
        keySerializer.serialize("alerts", TestRecords.alert("i-1"));
        assertThat(registry.getAllSubjects()).containsExactly("alerts-key");
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<Measurement> serde = AvroSerde.of(Measurement.class);
        serde.configure(config, false);
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(registry.getAllSubjects()).isEmpty();
    }

    @Test
    void readsARecordWrittenWithAnOlderSchemaIntoTheCurrentClass() throws Exception {
        Schema older = measurementWithout("throughput_bps", "clock_offset_ms");
        Measurement current = TestRecords.measurement("m-old");
        GenericRecord oldRecord = asOlderRecord(current, older);

        AvroSerializer<GenericRecord> oldProducer = new AvroSerializer<>();
        oldProducer.configure(config, false);
        byte[] oldBytes = oldProducer.serialize(TOPIC, oldRecord);
        AvroSerializer<Measurement> newProducer = new AvroSerializer<>();
        newProducer.configure(config, false);
        byte[] newBytes = newProducer.serialize(TOPIC, current);

        // Two versions under the subject, the new one admitted by the BACKWARD check.
        assertThat(registry.getAllVersions(TOPIC + "-value")).containsExactly(1, 2);
        AvroDeserializer<Measurement> consumer = new AvroDeserializer<>(Measurement.class);
        consumer.configure(config, false);
        Measurement fromOld = consumer.deserialize(TOPIC, oldBytes);
        Measurement expected = Measurement.newBuilder(current)
                .setThroughputBps(null)
                .setClockOffsetMs(null)
                .build();
        assertThat(fromOld).isEqualTo(expected);
        assertThat(consumer.deserialize(TOPIC, newBytes)).isEqualTo(current);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsClearlyAndARegisteredOneIsUsed() {
        config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false");
        AvroSerializer<Measurement> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        Measurement m = TestRecords.measurement("m-2");

        assertThatThrownBy(() -> serializer.serialize(TOPIC, m))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject 'vantage.measurements.v1-value'")
                .hasMessageContaining("auto.register.schemas=false");
        assertThat(registry.getAllSubjects()).isEmpty();

        int id = registry.register(TOPIC + "-value", Measurement.getClassSchema());
        byte[] bytes = serializer.serialize(TOPIC, m);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(registry.getAllVersions(TOPIC + "-value")).containsExactly(1);
    }

    @Test
    void incompatibleSchemaChangeIsRejectedWithTheRegistryDetails() throws Exception {
        // An older version where 'asn' is a string: a long cannot be read from it (BACKWARD fails).
        ObjectNode json = (ObjectNode)
                new ObjectMapper().readTree(Measurement.getClassSchema().toString());
        ArrayNode fields = (ArrayNode) json.get("fields");
        fields.forEach(f -> {
            if (f.get("name").asText().equals("asn")) {
                ((ObjectNode) f).put("type", "string");
            }
        });
        registry.register(TOPIC + "-value", new Schema.Parser().parse(json.toString()));
        AvroSerializer<Measurement> serializer = new AvroSerializer<>();
        serializer.configure(config, false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestRecords.measurement("m-3")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("incompatible with subject 'vantage.measurements.v1-value'")
                .hasMessageContaining("/fields/3/type");
    }

    @Test
    void unknownMagicByteIsReported() {
        AvroDeserializer<Measurement> d = configuredDeserializer();
        assertThatThrownBy(() -> d.deserialize(TOPIC, new byte[] {0x7f, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte 0x7f");
    }

    @Test
    void unknownSchemaIdIsReported() {
        AvroDeserializer<Measurement> d = configuredDeserializer();
        assertThatThrownBy(() -> d.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 42, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 42 not found in registry");
    }

    @Test
    void tooShortRecordIsReported() {
        AvroDeserializer<Measurement> d = configuredDeserializer();
        assertThatThrownBy(() -> d.deserialize(TOPIC, new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("record too short (3 bytes)");
    }

    @Test
    void truncatedBodyIsReported() {
        byte[] bytes = serialized(TestRecords.measurement("m-4"));
        AvroDeserializer<Measurement> d = configuredDeserializer();
        assertThatThrownBy(() -> d.deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length - 10)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void trailingGarbageIsReported() {
        byte[] bytes = serialized(TestRecords.measurement("m-5"));
        AvroDeserializer<Measurement> d = configuredDeserializer();
        assertThatThrownBy(() -> d.deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length + 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left over");
    }

    @Test
    void writerSchemaTheClassCannotReadIsReportedWithTheField() {
        // A schema with the same full name but a required field Measurement lacks (no default on read side
        // is fine) and a field type change Measurement cannot resolve.
        Schema alien = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"Measurement\","
                        + "\"namespace\":\"org.vantage.schema\",\"fields\":[{\"name\":\"asn\",\"type\":\"string\"}]}");
        int id = registry.register("other-value", alien);
        byte[] bytes = new byte[] {0, 0, 0, 0, (byte) id, 2, 'x'};
        AvroDeserializer<Measurement> d = configuredDeserializer();
        assertThatThrownBy(() -> d.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id " + id)
                .hasMessageContaining("cannot be read as org.vantage.schema.Measurement");
    }

    @Test
    void serializerFailsClearlyOnARecordMissingARequiredValue() {
        Measurement broken = TestRecords.measurement("m-6");
        broken.setProbeId(null); // bypasses the builder's validation
        AvroSerializer<Measurement> s = new AvroSerializer<>();
        s.configure(config, false);
        assertThatThrownBy(() -> s.serialize(TOPIC, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot encode org.vantage.schema.Measurement for topic " + TOPIC);
    }

    @Test
    void afterTheFirstRecordNoRegistryCallIsMade() {
        CountingClient counting = new CountingClient(registry);
        AvroSerializer<Measurement> s = new AvroSerializer<>(counting);
        AvroDeserializer<Measurement> d = new AvroDeserializer<>(Measurement.class, counting);
        for (int i = 0; i < 5; i++) {
            Measurement m = TestRecords.measurement("m-" + i);
            assertThat(d.deserialize(TOPIC, s.serialize(TOPIC, m))).isEqualTo(m);
        }
        assertThat(counting.calls.get()).isEqualTo(2); // one register, one fetch by id
    }

    @Test
    void deserializerCanBeCreatedByClassName() {
        byte[] bytes = serialized(TestRecords.measurement("m-7"));
        config.put(AvroSerdeConfig.READER_CLASS, Measurement.class.getName());
        AvroDeserializer<Measurement> d = new AvroDeserializer<>();
        d.configure(config, false);
        assertThat(d.deserialize(TOPIC, bytes).getMeasurementId()).isEqualTo("m-7");
    }

    @Test
    void badConfigurationFailsFastNamingTheKey() {
        assertThatThrownBy(() -> new AvroDeserializer<Measurement>().configure(config, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.READER_CLASS);
        assertThatThrownBy(() -> new AvroSerializer<Measurement>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new AvroSerializer<Measurement>()
                        .configure(Map.of("schema.registry.url", "mock://x", "auto.register.schemas", "yes"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
        assertThatThrownBy(() ->
                        new AvroSerializer<Measurement>().configure(Map.of("schema.registry.url", "ftp://host"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        config.put(AvroSerdeConfig.READER_CLASS, "java.lang.String");
        assertThatThrownBy(() -> new AvroDeserializer<Measurement>().configure(config, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a generated Avro class");
    }

    @Test
    void inMemoryRegistryAppliesBackwardCompatibilityByDefault() {
        assertThat(registry.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.register("s", Measurement.getClassSchema());
        RegisteredSchema latest = registry.getLatestVersion("s");
        assertThat(latest.version()).isEqualTo(1);
        assertThat(registry.testCompatibility("s", PhaseTimings.getClassSchema()))
                .isFalse();
    }

    // ------------------------------------------------------------------ helpers

    private AvroDeserializer<Measurement> configuredDeserializer() {
        AvroDeserializer<Measurement> d = new AvroDeserializer<>(Measurement.class);
        d.configure(config, false);
        return d;
    }

    private byte[] serialized(Measurement m) {
        AvroSerializer<Measurement> s = new AvroSerializer<>();
        s.configure(config, false);
        return s.serialize(TOPIC, m);
    }

    /** Measurement's schema as an older release would have had it: without some optional fields. */
    static Schema measurementWithout(String... fieldNames) throws Exception {
        ObjectNode json = (ObjectNode)
                new ObjectMapper().readTree(Measurement.getClassSchema().toString());
        ArrayNode fields = (ArrayNode) json.get("fields");
        List<String> drop = List.of(fieldNames);
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (drop.contains(fields.get(i).get("name").asText())) {
                fields.remove(i);
            }
        }
        return new Schema.Parser().parse(json.toString());
    }

    /** The measurement as a generic record of the older schema (what an old producer would have sent). */
    static GenericRecord asOlderRecord(Measurement m, Schema older) {
        Schema timingsSchema = older.getField("timings").schema();
        GenericRecord timings = new GenericRecordBuilder(timingsSchema)
                .set("dns_ms", m.getTimings().getDnsMs())
                .set("connect_ms", m.getTimings().getConnectMs())
                .set("tls_ms", m.getTimings().getTlsMs())
                .set("first_byte_ms", m.getTimings().getFirstByteMs())
                .set("total_ms", m.getTimings().getTotalMs())
                .build();
        GenericRecordBuilder b = new GenericRecordBuilder(older);
        for (Schema.Field f : older.getFields()) {
            Object v = m.get(m.getSchema().getField(f.name()).pos());
            if (v instanceof Enum<?> e) {
                v = new GenericData.EnumSymbol(f.schema(), e.name());
            } else if (v instanceof java.time.Instant t) {
                v = t.toEpochMilli();
            } else if (f.name().equals("timings")) {
                v = timings;
            }
            b.set(f.name(), v);
        }
        return b.build();
    }

    /** Counts every registry call, to prove the serde's hot path does not call the registry. */
    static final class CountingClient implements SchemaRegistryClient {
        final SchemaRegistryClient delegate;
        final AtomicInteger calls = new AtomicInteger();

        CountingClient(SchemaRegistryClient delegate) {
            this.delegate = delegate;
        }

        private <T> T count(T value) {
            calls.incrementAndGet();
            return value;
        }

        @Override
        public int register(String s, Schema schema) {
            return count(delegate.register(s, schema));
        }

        @Override
        public Schema getSchemaById(int id) {
            return count(delegate.getSchemaById(id));
        }

        @Override
        public int getId(String s, Schema schema) {
            return count(delegate.getId(s, schema));
        }

        @Override
        public RegisteredSchema lookup(String s, Schema schema) {
            return count(delegate.lookup(s, schema));
        }

        @Override
        public RegisteredSchema getLatestVersion(String s) {
            return count(delegate.getLatestVersion(s));
        }

        @Override
        public RegisteredSchema getVersion(String s, int v) {
            return count(delegate.getVersion(s, v));
        }

        @Override
        public List<String> getAllSubjects() {
            return count(delegate.getAllSubjects());
        }

        @Override
        public List<Integer> getAllVersions(String s) {
            return count(delegate.getAllVersions(s));
        }

        @Override
        public boolean testCompatibility(String s, Schema schema) {
            return count(delegate.testCompatibility(s, schema));
        }

        @Override
        public CompatibilityLevel getCompatibility(String s) {
            return count(delegate.getCompatibility(s));
        }

        @Override
        public CompatibilityLevel updateCompatibility(String s, CompatibilityLevel l) {
            return count(delegate.updateCompatibility(s, l));
        }

        @Override
        public List<Integer> deleteSubject(String s) {
            return count(delegate.deleteSubject(s));
        }
    }
}
