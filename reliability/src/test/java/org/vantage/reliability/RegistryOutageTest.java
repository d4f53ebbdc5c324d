package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.registry.server.EmbeddedSchemaRegistry;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Outcome;
import org.vantage.stack.KafkaBrokerProcess;
import org.vantage.stack.ReferenceNetworks;
import org.vantage.stack.TopicProvisioner;

/**
 * The Schema Registry goes away in the middle of an incident and comes back on the same
 * address later. Producers and the running processor ride it out on the schemas they already cached: no honest
 * record is dead-lettered, the processor stays RUNNING without replacing its stream thread, and the incident
 * opens and resolves as in the reference run without the outage.
 */
@Tag("integration")
class RegistryOutageTest {
    static final List<String> BLOCKED = List.of("twitter", "youtube");
    static final int ONSET = 3;
    static final int RECOVERY = 10;
    static final int END = 17;
    static final int OUTAGE_FROM = 5;
    static final int OUTAGE_TO = 12;

    @TempDir
    static Path dir;

    @Test
    void producersAndTheProcessorRideOutARegistryOutageOnCachedSchemas() throws Exception {
        int registryPort = SecureBroker.freePorts(1)[0];
        List<NetworkInfo> pk = ReferenceNetworks.bundled().stream()
                .filter(n -> n.getCountry().equals("PK"))
                .toList();
        Instant start = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        Fleet traffic = Fleet.ofReference(
                pk, 3, start, "registry-" + UUID.randomUUID().toString().substring(0, 6), 9);
        Fleet.Conditions block = Fleet.block(BLOCKED, ONSET, RECOVERY, Outcome.TLS_RESET);
        List<List<Fleet.Event>> minutes =
                IntStream.range(0, END).mapToObj(m -> traffic.round(m, block)).toList();
        List<DisruptionAlert> expected;
        try (DetectionHarness reference = new DetectionHarness(DetectionThresholds.defaults(), start)) {
            reference.reference(Fleet.networks(pk));
            minutes.forEach(reference::pipe);
            expected = reference.alerts();
        }

        KafkaBrokerProcess broker =
                KafkaBrokerProcess.builder().dataDir(dir.resolve("kafka")).start();
        EmbeddedSchemaRegistry registry = null;
        try {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(60)).provisionAll();
            }
            registry =
                    EmbeddedSchemaRegistry.builder(bootstrap).port(registryPort).start();
            Map<String, Object> clients = new HashMap<>();
            clients.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            clients.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
            ReferenceNetworks.publish(clients, pk, Duration.ofSeconds(30));

            ProcessorConfig.Builder processor = ProcessorConfig.builder();
            processor.bootstrapServers(bootstrap);
            processor.schemaRegistryUrl(registry.url());
            processor.applicationId(
                    "vantage-detect-registry-" + UUID.randomUUID().toString().substring(0, 8));
            processor.stateDir(dir.resolve("state"));
            processor.httpPort(0);
            processor.commitInterval(Duration.ofMillis(100));
            processor.set(ProcessorSettings.COUNTRY_WAIT_TIMEOUT, Duration.ofSeconds(15));
            List<ConsumerRecord<String, DisruptionAlert>> alerts = new ArrayList<>();
            List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
            boolean everLeftRunning = false;
            int openedSeenAt = -1;
            try (DetectionService service = DetectionService.start(processor.build(), "127.0.0.1");
                    KafkaProducer<String, SpecificRecord> producer = producer(bootstrap, registry.url());
                    KafkaConsumer<String, DisruptionAlert> alertConsumer =
                            StackClients.alertConsumer(bootstrap, registry.url());
                    KafkaConsumer<byte[], byte[]> dlq = StackClients.deadLetterConsumer(bootstrap)) {
                MalformedInputTest.awaitRunning(service);
                for (int m = 0; m < END; m++) {
                    if (m == OUTAGE_FROM) {
                        registry.close();
                        registry = null;
                    }
                    if (m == OUTAGE_TO) {
                        registry = EmbeddedSchemaRegistry.builder(bootstrap)
                                .port(registryPort)
                                .start();
                    }
                    StackClients.send(producer, minutes.get(m));
                    alertConsumer.poll(Duration.ofSeconds(1)).forEach(alerts::add);
                    dlq.poll(Duration.ZERO).forEach(deadLetters::add);
                    everLeftRunning |= service.streams().state() != KafkaStreams.State.RUNNING;
                    if (openedSeenAt < 0
                            && alerts.stream().anyMatch(a -> a.value().getStatus() == AlertStatus.OPENED)) {
                        openedSeenAt = m;
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < deadline
                        && alerts.stream().noneMatch(a -> a.value().getStatus() == AlertStatus.RESOLVED)) {
                    alertConsumer.poll(Duration.ofMillis(500)).forEach(alerts::add);
                    everLeftRunning |= service.streams().state() != KafkaStreams.State.RUNNING;
                }
                StackClients.pollUntil(dlq, deadLetters, l -> false, Duration.ZERO, Duration.ofSeconds(2));
                assertThat(service.streams().metadataForLocalThreads())
                        .extracting(ThreadMetadata::threadName)
                        .as("no stream thread died and was replaced")
                        .allMatch(n -> n.endsWith("StreamThread-1"));
            }
            List<DisruptionAlert> actual = StackClients.values(alerts);
            String described = actual.stream()
                            .map(MalformedInputTest::signature)
                            .toList() + " vs reference "
                    + expected.stream().map(MalformedInputTest::signature).toList();
            assertThat(everLeftRunning)
                    .as("processor stayed RUNNING through the outage")
                    .isFalse();
            assertThat(deadLetters).as("no honest record dead-lettered").isEmpty();
            assertThat(actual).as(described).isNotEmpty();
            assertThat(MalformedInputTest.signature(actual.get(0)))
                    .as(described)
                    .isEqualTo(MalformedInputTest.signature(expected.get(0)));
            assertThat(MalformedInputTest.withoutSequence(MalformedInputTest.signature(actual.get(actual.size() - 1))))
                    .as(described)
                    .isEqualTo(MalformedInputTest.withoutSequence(
                            MalformedInputTest.signature(expected.get(expected.size() - 1))));
            ReliabilityFigures.faults(1, 1);
            ReliabilityFigures.line(
                    "Registry outage (registry stopped while event minutes " + OUTAGE_FROM + ".." + (OUTAGE_TO - 1)
                            + " were sent, about " + (OUTAGE_TO - OUTAGE_FROM)
                            + " s of wall-clock time, then restarted on the same address)",
                    "OPENED first seen after event minute " + openedSeenAt
                            + (openedSeenAt >= OUTAGE_FROM && openedSeenAt < OUTAGE_TO
                                    ? " (during the outage)"
                                    : openedSeenAt < 0 ? " (after the scenario)" : " (outside the outage)")
                            + "; processor RUNNING throughout, 0 dead letters, alerts "
                            + actual.stream().map(a -> a.getStatus().toString()).toList() + " as in the reference "
                            + expected.stream()
                                    .map(a -> a.getStatus().toString())
                                    .toList());
        } finally {
            if (registry != null) {
                registry.close();
            }
            broker.stop();
            ReliabilityFigures.publish();
        }
    }

    private static KafkaProducer<String, SpecificRecord> producer(String bootstrap, String registryUrl) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        return new KafkaProducer<>(p, new StringSerializer(), values);
    }
}
