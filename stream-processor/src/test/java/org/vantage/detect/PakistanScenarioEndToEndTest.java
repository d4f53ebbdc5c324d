package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.detect.fixture.Fleet;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;
import org.vantage.schema.Scope;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;

/**
 * The whole processor (exactly-once Kafka Streams, registry serdes, HTTP API) against the real local stack:
 * a real broker in a child JVM, the embedded Schema Registry and the bundled Pakistan reference table. The
 * 2024-01-20 block is produced through a real producer and the alert is read back with a read-committed
 * consumer using the registry wire format.
 */
@Tag("integration")
class PakistanScenarioEndToEndTest {

    @Test
    void aNationwideBlockComesBackAsOneRestrictionAlertAcrossAnInstanceReplacement(@TempDir Path dir) throws Exception {
        try (LocalStack stack =
                LocalStack.builder().dataDir(dir.resolve("stack")).start()) {
            // event times in the recent past, so that the wall-clock checks (future skew, max age) accept them
            Instant start = Instant.now().minus(40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
            Fleet fleet = Fleet.of(Fleet.pakistan(), 5, start);
            Fleet.Conditions conditions = Fleet.when(
                    (p, platform, minute) -> minute >= 8 && minute < 18 && Fleet.BLOCKED_2024.contains(platform),
                    Fleet.always(Outcome.TLS_RESET, 150),
                    Fleet.healthy(0.01));

            ProcessorConfig.Builder processor = ProcessorConfig.builder();
            processor.bootstrapServers(stack.bootstrapServers());
            processor.schemaRegistryUrl(stack.registryUrl());
            processor.applicationId(
                    "vantage-detect-e2e-" + UUID.randomUUID().toString().substring(0, 8));
            processor.stateDir(dir.resolve("state"));
            processor.httpPort(0);
            processor.commitInterval(Duration.ofMillis(100));
            // the whole scenario arrives at once: wait long enough for every network's task to report
            processor.set(ProcessorSettings.COUNTRY_WAIT_TIMEOUT, Duration.ofSeconds(30));
            ProcessorConfig config = processor.build();

            List<DisruptionAlert> received = new ArrayList<>();
            try (KafkaConsumer<String, DisruptionAlert> alerts = alertConsumer(stack)) {
                // first instance: the block starts and the incident opens
                try (DetectionService first = DetectionService.start(config, "127.0.0.1")) {
                    produce(stack, fleet, conditions, 0, 13);
                    pollUntil(alerts, received, AlertStatus.OPENED);
                    assertHttp(first);
                }
                // the state directory as a kill -9 in the middle of creating a store leaves it: RocksDB refuses to
                // open it. The replacement wipes it and restores from the changelogs, so it knows the incident is
                // open, resolves it and does not open it a second time.
                assertThat(leaveUnreadable(dir.resolve("state")))
                        .as("RocksDB stores made unreadable")
                        .isPositive();
                try (DetectionService second = DetectionService.start(config, "127.0.0.1")) {
                    assertThat(second.localStateWiped()).isTrue();
                    produce(stack, fleet, conditions, 13, 26);
                    pollUntil(alerts, received, AlertStatus.RESOLVED);
                    assertThat(second.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
                }
            }

            assertThat(received)
                    .as(() -> received.stream()
                            .map(a -> a.getStatus() + " " + a.getHeadline() + " "
                                    + a.getNetworks().stream()
                                            .map(n -> n.getAsn() + ":" + n.getPlatforms())
                                            .toList())
                            .toList()
                            .toString())
                    .extracting(DisruptionAlert::getStatus)
                    .containsExactly(AlertStatus.OPENED, AlertStatus.RESOLVED);
            assertThat(received)
                    .extracting(DisruptionAlert::getIncidentId)
                    .containsOnly(received.get(0).getIncidentId());
            DisruptionAlert opened = received.get(0);
            assertThat(opened.getClassification()).isEqualTo(Classification.PLATFORM_RESTRICTION);
            assertThat(opened.getScope()).isEqualTo(Scope.NATIONWIDE);
            assertThat(opened.getPlatforms()).containsExactly("twitter", "facebook", "instagram", "youtube");
            assertThat(opened.getNetworks()).hasSize(7);
            assertThat(opened.getStartTime()).isEqualTo(Instant.ofEpochMilli(fleet.minuteStart(8)));
            assertThat(received.get(1).getEndTime()).isEqualTo(Instant.ofEpochMilli(fleet.minuteStart(18)));
        }
    }

    /**
     * Removes the CURRENT and MANIFEST files of every RocksDB store under {@code stateDir} and leaves a write-ahead
     * log beside them: RocksDB then sees a new database in a directory that already has a log and refuses to open it
     * ("While creating a new Db, wal_dir contains existing log file"), as after a crash while a store was created.
     */
    static int leaveUnreadable(Path stateDir) throws IOException {
        List<Path> stores;
        try (Stream<Path> files = Files.walk(stateDir)) {
            stores = files.filter(f -> f.getFileName().toString().equals("CURRENT"))
                    .map(Path::getParent)
                    .toList();
        }
        for (Path store : stores) {
            try (Stream<Path> files = Files.list(store)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.equals("CURRENT") || name.startsWith("MANIFEST-")) {
                        Files.delete(f);
                    }
                }
            }
            Files.write(store.resolve("000017.log"), new byte[0]);
        }
        return stores.size();
    }

    static void pollUntil(
            KafkaConsumer<String, DisruptionAlert> consumer, List<DisruptionAlert> received, AlertStatus status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && received.stream().noneMatch(a -> a.getStatus() == status)) {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> received.add(r.value()));
        }
        // and a little longer, so a duplicate would be seen
        consumer.poll(Duration.ofSeconds(2)).forEach(r -> received.add(r.value()));
    }

    static void assertHttp(DetectionService service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("vantage_measurements_processed_total", "kafka_stream_");
        HttpResponse<String> status = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + service.httpPort() + "/api/countries/PK/status"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("Jazz", "DISRUPTED");
    }

    static void produce(LocalStack stack, Fleet fleet, Fleet.Conditions conditions, int from, int to) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
        AvroSerializer<org.apache.avro.specific.SpecificRecord> values = new AvroSerializer<>();
        values.configure(serde, false);
        try (KafkaProducer<String, org.apache.avro.specific.SpecificRecord> producer =
                new KafkaProducer<>(p, new StringSerializer(), values)) {
            for (int minute = from; minute < to; minute++) {
                for (Fleet.Event e : fleet.round(minute, conditions)) {
                    String topic = e.measurement() != null
                            ? VantageTopic.MEASUREMENTS.topicName()
                            : VantageTopic.HEARTBEATS.topicName();
                    org.apache.avro.specific.SpecificRecord value =
                            e.measurement() != null ? e.measurement() : e.heartbeat();
                    producer.send(new ProducerRecord<>(topic, null, e.time(), e.key(), value));
                }
            }
            producer.flush();
        }
    }

    static KafkaConsumer<String, DisruptionAlert> alertConsumer(LocalStack stack) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<DisruptionAlert> values = new AvroDeserializer<>(DisruptionAlert.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        KafkaConsumer<String, DisruptionAlert> c = new KafkaConsumer<>(p, new StringDeserializer(), values);
        c.subscribe(List.of(VantageTopic.ALERTS.topicName()));
        return c;
    }
}
