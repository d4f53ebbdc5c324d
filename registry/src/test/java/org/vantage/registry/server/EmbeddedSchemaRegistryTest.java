package org.vantage.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.RegisteredSchema;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.TestKafka;
import org.vantage.registry.TestRecords;
import org.vantage.registry.client.RestSchemaRegistryClient;
import org.vantage.registry.client.SchemaRegistryClient;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.topics.VantageTopic;

/** The embedded registry on a real broker, exercised through the REST client and raw HTTP. */
class EmbeddedSchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Schema V1 = record("{\"name\":\"a\",\"type\":\"string\"}");
    private static final Schema V2_OPTIONAL = record(
            "{\"name\":\"a\",\"type\":\"string\"}," + "{\"name\":\"b\",\"type\":[\"null\",\"long\"],\"default\":null}");
    private static final Schema V2_REQUIRED =
            record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"needed\",\"type\":\"long\"}");

    private static TestKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0);
        client = new RestSchemaRegistryClient(registry.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Schema record(String fields) {
        return new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"t\",\"fields\":[" + fields + "]}");
    }

    @Test
    void storesSchemasInACompactedSinglePartitionTopic() throws Exception {
        client.register("topic-check-value", V1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            String topic = VantageTopic.SCHEMAS.topicName();
            TopicDescription d =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(d.partitions()).hasSize(1);
            ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(res))
                            .all()
                            .get()
                            .get(res)
                            .get("cleanup.policy")
                            .value())
                    .isEqualTo("compact");
        }
        assertThat(registry.url()).startsWith("http://127.0.0.1:").doesNotEndWith(":0");
    }

    @Test
    void registersLooksUpAndFetches() {
        int id = client.register("reg-value", Measurement.getClassSchema());
        assertThat(client.register("reg-value", Measurement.getClassSchema())).isEqualTo(id);

        RegisteredSchema found = client.lookup("reg-value", Measurement.getClassSchema());
        assertThat(found.id()).isEqualTo(id);
        assertThat(found.version()).isEqualTo(1);
        assertThat(found.subject()).isEqualTo("reg-value");
        assertThat(new RestSchemaRegistryClient(registry.url()).getSchemaById(id))
                .isEqualTo(Measurement.getClassSchema());
        assertThat(client.getLatestVersion("reg-value")).isEqualTo(found);
        assertThat(client.getVersion("reg-value", 1)).isEqualTo(found);
        assertThat(client.getAllVersions("reg-value")).containsExactly(1);
        assertThat(client.getAllSubjects()).contains("reg-value");

        // Same schema under another subject: same global id, version 1 there.
        assertThat(client.register("reg-copy-value", Measurement.getClassSchema()))
                .isEqualTo(id);
        int other = client.register("reg-other-value", ProbeHeartbeat.getClassSchema());
        assertThat(other).isGreaterThan(id);
    }

    @Test
    void evolvesCompatiblyAndRejectsAnIncompatibleChangeWith409() {
        client.register("evo-value", V1);
        assertThat(client.testCompatibility("evo-value", V2_OPTIONAL)).isTrue();
        assertThat(client.testCompatibility("evo-value", V2_REQUIRED)).isFalse();
        client.register("evo-value", V2_OPTIONAL);
        assertThat(client.getAllVersions("evo-value")).containsExactly(1, 2);

        assertThatThrownBy(() -> client.register("evo-value", V2_REQUIRED))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("incompatible").contains("needed");
                });
        assertThat(client.getAllVersions("evo-value")).containsExactly(1, 2);
    }

    @Test
    void compatibilityConfigGlobalAndPerSubject() throws Exception {
        assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        client.register("cfg-value", V1);
        assertThat(client.getCompatibility("cfg-value")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(get("/config/cfg-value").get("error_code").asInt()).isEqualTo(40408);

        assertThat(client.updateCompatibility("cfg-value", CompatibilityLevel.NONE))
                .isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.getCompatibility("cfg-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(get("/config/cfg-value").get("compatibilityLevel").asText()).isEqualTo("NONE");
        client.register("cfg-value", V2_REQUIRED); // allowed under NONE

        // Adding a required field: old readers ignore it (FORWARD ok), new readers cannot fill it (BACKWARD not).
        Schema addsRequired = record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"needed\",\"type\":\"long\"},"
                + "{\"name\":\"more\",\"type\":\"int\"}");
        client.updateCompatibility("cfg-value", CompatibilityLevel.BACKWARD);
        assertThat(client.testCompatibility("cfg-value", addsRequired)).isFalse();
        client.updateCompatibility("cfg-value", CompatibilityLevel.FORWARD);
        assertThat(client.testCompatibility("cfg-value", addsRequired)).isTrue();
        assertThat(client.testCompatibility("cfg-value", V1)).isFalse(); // old readers need 'needed'
        assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);

        HttpResponse<String> bad = send("PUT", "/config/cfg-value", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(bad.body()).get("error_code").asInt()).isEqualTo(42203);

        HttpResponse<String> removed = send("DELETE", "/config/cfg-value", null);
        assertThat(JSON.readTree(removed.body()).get("compatibilityLevel").asText())
                .isEqualTo("FORWARD");
        assertThat(client.getCompatibility("cfg-value")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void errorsUseConfluentBodiesAndCodes() throws Exception {
        client.register("err-value", V1);
        assertError("GET", "/subjects/nope/versions", null, 404, 40401);
        assertError("GET", "/subjects/err-value/versions/99", null, 404, 40402);
        assertError("GET", "/schemas/ids/999999", null, 404, 40403);
        assertError("POST", "/subjects/err-value", body(V2_OPTIONAL), 404, 40403);
        assertError("POST", "/subjects/nope", body(V1), 404, 40401);
        assertError(
                "POST", "/subjects/err-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"recordx\\\"}\"}", 422, 42201);
        assertError(
                "POST",
                "/subjects/err-value/versions",
                "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"X\\\"}\"}",
                422,
                42201);
        assertError("GET", "/subjects/err-value/versions/abc", null, 422, 42202);
        assertError("POST", "/subjects/err-value/versions", body(V2_REQUIRED), 409, 409);
        assertError("POST", "/subjects/err-value/versions", "not json", 422, 422);
        assertError("GET", "/no/such/endpoint", null, 404, 404);

        HttpResponse<String> ok = send("GET", "/subjects/err-value/versions/latest", null);
        assertThat(ok.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith(RestSchemaRegistryClient.CONTENT_TYPE));
        assertThat(send("GET", "/subjects/err-value/versions/1/schema", null).body())
                .isEqualTo(V1.toString());
    }

    @Test
    void deletesASubjectButKeepsItsIdsResolvable() {
        int id = client.register("del-value", V1);
        assertThat(client.deleteSubject("del-value")).containsExactly(1);
        assertThat(client.getAllSubjects()).doesNotContain("del-value");
        assertThatThrownBy(() -> client.getLatestVersion("del-value"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThat(new RestSchemaRegistryClient(registry.url()).getSchemaById(id))
                .isEqualTo(V1);
        client.register("del-value", V2_REQUIRED);
        assertThat(client.getAllVersions("del-value")).containsExactly(2);
    }

    @Test
    void idsVersionsAndConfigSurviveARestart() {
        int id1 = client.register("restart-value", V1);
        int id2 = client.register("restart-value", V2_OPTIONAL);
        client.updateCompatibility("restart-value", CompatibilityLevel.FULL);

        registry.close();
        registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0);
        client = new RestSchemaRegistryClient(registry.url()); // fresh caches

        assertThat(client.getLatestVersion("restart-value").id()).isEqualTo(id2);
        assertThat(client.getVersion("restart-value", 1).id()).isEqualTo(id1);
        assertThat(client.getSchemaById(id1)).isEqualTo(V1);
        assertThat(client.getCompatibility("restart-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.register("restart-value", V2_OPTIONAL)).isEqualTo(id2);
        // New ids continue after the replayed ones.
        int next = client.register("restart-new-value", record("{\"name\":\"z\",\"type\":\"int\"}"));
        assertThat(next).isGreaterThan(id2);
    }

    @Test
    void serializerToDeserializerThroughARealTopicViaRest() throws Exception {
        String topic = "serde-roundtrip";
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<DisruptionAlert> sent = List.of(TestRecords.alert("i-1"), TestRecords.alert("i-2"));
        AvroSerializer<DisruptionAlert> serializer = new AvroSerializer<>();
        serializer.configure(serde, false);
        try (KafkaProducer<String, DisruptionAlert> producer =
                new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            for (DisruptionAlert a : sent) {
                producer.send(new ProducerRecord<>(topic, a.getIncidentId(), a)).get();
            }
            producer.send(new ProducerRecord<>(topic, "i-3", null)).get(); // tombstone
        }

        AvroDeserializer<DisruptionAlert> deserializer = new AvroDeserializer<>(DisruptionAlert.class);
        deserializer.configure(serde, false);
        List<DisruptionAlert> received = new ArrayList<>();
        List<byte[]> raw = new ArrayList<>();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 15_000;
            while (raw.size() < 3 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    raw.add(r.value());
                    received.add(deserializer.deserialize(topic, r.value()));
                }
            }
        }
        assertThat(received).containsExactly(sent.get(0), sent.get(1), null);
        int id = client.getLatestVersion(topic + "-value").id();
        assertThat(raw.get(0)[0]).isEqualTo((byte) 0);
        assertThat(java.nio.ByteBuffer.wrap(raw.get(0), 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void basicAuthProtectsWritesWhenConfigured() throws Exception {
        try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers())
                .topic("_schemas_auth_test")
                .basicAuth("admin:s3cret")
                .start()) {
            RestSchemaRegistryClient anonymous = new RestSchemaRegistryClient(secured.url());
            assertThatThrownBy(() -> anonymous.register("auth-value", V1))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.errorCode()).isEqualTo(401);
                    });
            RestSchemaRegistryClient wrong =
                    new RestSchemaRegistryClient(org.vantage.registry.client.SchemaRegistryClientConfig.fromMap(
                            Map.of("schema.registry.url", secured.url(), "basic.auth.user.info", "admin:guess")));
            assertThatThrownBy(() -> wrong.updateCompatibility(null, CompatibilityLevel.NONE))
                    .isInstanceOfSatisfying(
                            SchemaRegistryException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(401));

            RestSchemaRegistryClient admin =
                    new RestSchemaRegistryClient(org.vantage.registry.client.SchemaRegistryClientConfig.fromMap(
                            Map.of("schema.registry.url", secured.url(), "basic.auth.user.info", "admin:s3cret")));
            int id = admin.register("auth-value", V1);
            assertThat(anonymous.getSchemaById(id)).isEqualTo(V1); // reads stay open
            assertThat(anonymous.lookup("auth-value", V1).id()).isEqualTo(id);
        }
    }

    // ------------------------------------------------------------------ raw HTTP helpers

    private static String body(Schema s) throws Exception {
        return JSON.writeValueAsString(Map.of("schema", s.toString()));
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(send("GET", path, null).body());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(String method, String path, String body, int status, int code) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(status);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("error_code").asInt())
                .as(method + " " + path + " -> " + r.body())
                .isEqualTo(code);
        assertThat(json.get("message").asText()).isNotBlank();
    }
}
