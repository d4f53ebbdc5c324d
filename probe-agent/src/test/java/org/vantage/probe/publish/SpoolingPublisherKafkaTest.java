package org.vantage.probe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolOptions;
import org.vantage.probe.testing.Measurements;
import org.vantage.probe.testing.TopicReader;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkType;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;
import org.vantage.trust.ProbeCredentials;
import org.vantage.trust.RecordMac;

/** The publisher against a real broker and registry (local stack, one per class). */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpoolingPublisherKafkaTest {

    @TempDir
    static Path stackDir;

    private static LocalStack stack;

    @TempDir
    Path spoolDir;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder().dataDir(stackDir).brokerHeap("384m").start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private PublisherSettings settings(String probeId) {
        return new PublisherSettings(stack.bootstrapServers(), stack.registryUrl(), probeId, Duration.ofSeconds(3), 7);
    }

    private static List<Measurement> measurements(String probeId, int n) {
        Instant t0 = Instant.parse("2024-01-20T13:40:00Z");
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Measurements.measurement(probeId, 17557, t0.plusSeconds(i)));
        }
        return out;
    }

    private static List<ConsumerRecord<String, Measurement>> topicRecordsOf(String probeId) {
        return TopicReader.readAll(
                        stack.bootstrapServers(),
                        stack.registryUrl(),
                        VantageTopic.MEASUREMENTS.topicName(),
                        Measurement.class)
                .stream()
                .filter(r -> r.value().getProbeId().equals(probeId))
                .toList();
    }

    private static Map<String, Long> idCounts(List<ConsumerRecord<String, Measurement>> records) {
        return records.stream()
                .collect(Collectors.groupingBy(r -> r.value().getMeasurementId(), Collectors.counting()));
    }

    @Test
    @Order(1)
    void everySpooledMeasurementIsPublishedOnceWithNetworkKeyAndEventTime() throws Exception {
        String probe = "pub-" + UUID.randomUUID();
        List<Measurement> sent = measurements(probe, 25);
        try (Spool spool = Spool.open(spoolDir, SpoolOptions.defaults())) {
            SpoolingPublisher publisher =
                    new SpoolingPublisher(settings(probe), spool, new ProbeMetrics(new SimpleMeterRegistry()));
            publisher.submitAll(sent.subList(0, 10));
            for (Measurement m : sent.subList(10, 25)) {
                publisher.submit(m);
            }
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
            publisher.close();
            assertThat(spool.depth()).isZero();
        }
        List<ConsumerRecord<String, Measurement>> records = topicRecordsOf(probe);
        assertThat(idCounts(records))
                .hasSize(25)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
        Map<String, Measurement> byId =
                sent.stream().collect(Collectors.toMap(Measurement::getMeasurementId, Function.identity()));
        for (ConsumerRecord<String, Measurement> r : records) {
            assertThat(r.key()).isEqualTo("PK:17557");
            assertThat(r.value()).isEqualTo(byId.get(r.value().getMeasurementId()));
            assertThat(r.timestamp())
                    .as("record timestamp = publish time")
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(3_600_000L));
        }
    }

    @Test
    @Order(2)
    void aBatchAcknowledgedByKafkaIsNotResentWhenTheLocalCheckpointWasLost(@TempDir Path copy) throws Exception {
        String probe = "resync-" + UUID.randomUUID();
        // Build the state of a probe killed after Kafka committed but before the local checkpoint was written:
        // spool the records, snapshot the directory, then publish from the original.
        Path original = spoolDir.resolve("spool");
        Path snapshot = copy.resolve("spool");
        List<Measurement> sent = measurements(probe, 20);
        try (Spool spool = Spool.open(original, SpoolOptions.defaults())) {
            List<org.vantage.probe.spool.SpoolRecord> recs = new ArrayList<>();
            for (Measurement m : sent) {
                recs.add(org.vantage.probe.spool.SpoolRecord.of(
                        VantageTopic.MEASUREMENTS.topicName(),
                        "PK:17557",
                        m.getEventTime().toEpochMilli(),
                        MeasurementCodec.encode(m)));
            }
            spool.append(recs);
        }
        copyDir(original, snapshot);
        try (Spool spool = Spool.open(original, SpoolOptions.defaults())) {
            SpoolingPublisher publisher =
                    new SpoolingPublisher(settings(probe), spool, new ProbeMetrics(new SimpleMeterRegistry()));
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
            publisher.close();
        }
        try (Spool stale = Spool.open(snapshot, SpoolOptions.defaults())) {
            assertThat(stale.depth()).isEqualTo(20); // the stale local checkpoint says nothing was sent
            SpoolingPublisher publisher =
                    new SpoolingPublisher(settings(probe), stale, new ProbeMetrics(new SimpleMeterRegistry()));
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
            publisher.close();
            assertThat(stale.ackedThrough()).isEqualTo(19);
        }
        Map<String, Long> counts = idCounts(topicRecordsOf(probe));
        assertThat(counts).hasSize(20).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
    }

    /**
     * A probe upgraded from the version that kept its checkpoint on partition 0 of the measurements topic,
     * killed after its last transaction committed there and before its local checkpoint was written: the
     * upgraded publisher must not resend that batch, and from then on commits on the checkpoint topic.
     */
    @Test
    @Order(2)
    @SuppressWarnings("removal") // group-id-only ConsumerGroupMetadata, as the old publisher used it
    void aCheckpointStoredWhereOlderVersionsKeptItIsHonouredAndMovedToTheCheckpointTopic() throws Exception {
        String probe = "upgrade-" + UUID.randomUUID();
        PublisherSettings settings = settings(probe);
        List<Measurement> sent = measurements(probe, 12);
        String spoolId;
        try (Spool spool = Spool.open(spoolDir, SpoolOptions.defaults())) {
            List<org.vantage.probe.spool.SpoolRecord> recs = new ArrayList<>();
            for (Measurement m : sent) {
                recs.add(org.vantage.probe.spool.SpoolRecord.of(
                        VantageTopic.MEASUREMENTS.topicName(),
                        "PK:17557",
                        m.getEventTime().toEpochMilli(),
                        MeasurementCodec.encode(m)));
            }
            spool.append(recs);
            spoolId = spool.id();
        }
        // what the old version did with the first 8 spooled records (sequence numbers 0..7)
        Map<String, Object> p = settings.producerConfig("old-publisher", 0);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        AvroSerializer<Measurement> values = new AvroSerializer<>();
        values.configure(p, false);
        try (KafkaProducer<String, Measurement> old = new KafkaProducer<>(p, new StringSerializer(), values)) {
            old.initTransactions();
            old.beginTransaction();
            for (Measurement m : sent.subList(0, 8)) {
                old.send(new ProducerRecord<>(VantageTopic.MEASUREMENTS.topicName(), "PK:17557", m));
            }
            old.sendOffsetsToTransaction(
                    Map.of(
                            SpoolingPublisher.LEGACY_CHECKPOINT_PARTITION,
                            new OffsetAndMetadata(8, SpoolingPublisher.checkpointMetadata(spoolId))),
                    new ConsumerGroupMetadata(settings.checkpointGroup()));
            old.commitTransaction();
        }
        try (Spool spool = Spool.open(spoolDir, SpoolOptions.defaults())) {
            assertThat(spool.depth())
                    .as("the local checkpoint says nothing was sent")
                    .isEqualTo(12);
            SpoolingPublisher publisher =
                    new SpoolingPublisher(settings, spool, new ProbeMetrics(new SimpleMeterRegistry()));
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
            publisher.close();
        }
        assertThat(idCounts(topicRecordsOf(probe)))
                .hasSize(12)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            settings.checkpointGroup())
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(committed.get(new TopicPartition(VantageTopic.PROBE_CHECKPOINTS.topicName(), 0)))
                    .isEqualTo(new OffsetAndMetadata(12, SpoolingPublisher.checkpointMetadata(spoolId)));
            assertThat(committed
                            .get(SpoolingPublisher.LEGACY_CHECKPOINT_PARTITION)
                            .offset())
                    .as("never written again")
                    .isEqualTo(8);
        }
    }

    @Test
    @Order(3)
    void aRecreatedSpoolUnderTheSameProbeIdIsNotMistakenForTheOldOne(@TempDir Path other) throws Exception {
        String probe = "wiped-" + UUID.randomUUID();
        List<Measurement> before = measurements(probe, 6);
        List<Measurement> after = measurements(probe, 4);
        try (Spool spool = Spool.open(spoolDir, SpoolOptions.defaults())) {
            SpoolingPublisher publisher =
                    new SpoolingPublisher(settings(probe), spool, new ProbeMetrics(new SimpleMeterRegistry()));
            publisher.submitAll(before);
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
            publisher.close();
        }
        // Same probe id, fresh spool directory: sequence numbers start at 0 again, below Kafka's checkpoint (6).
        try (Spool fresh = Spool.open(other, SpoolOptions.defaults())) {
            SpoolingPublisher publisher =
                    new SpoolingPublisher(settings(probe), fresh, new ProbeMetrics(new SimpleMeterRegistry()));
            publisher.submitAll(after);
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
            publisher.close();
        }
        Map<String, Long> counts = idCounts(topicRecordsOf(probe));
        assertThat(counts).hasSize(10).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
    }

    @Test
    @Order(4)
    void anUndecodableSpooledRecordIsSkippedAndDoesNotBlockTheRest() throws Exception {
        String probe = "poison-" + UUID.randomUUID();
        List<Measurement> good = measurements(probe, 3);
        ProbeMetrics metrics = new ProbeMetrics(new SimpleMeterRegistry());
        try (Spool spool = Spool.open(spoolDir, SpoolOptions.defaults())) {
            spool.append(org.vantage.probe.spool.SpoolRecord.of(
                    VantageTopic.MEASUREMENTS.topicName(),
                    "PK:17557",
                    0,
                    new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0})); // unknown schema fingerprint
            SpoolingPublisher publisher = new SpoolingPublisher(settings(probe), spool, metrics);
            publisher.submitAll(good);
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
            publisher.close();
        }
        assertThat(idCounts(topicRecordsOf(probe))).hasSize(3);
        assertThat(metrics.registry()
                        .find("vantage.probe.publish.errors")
                        .tag("reason", "undecodable")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(metrics.publishedCount()).isEqualTo(3);
    }

    @Test
    @Order(4)
    void heartbeatsArePublishedWithTheNetworkKey() throws Exception {
        String probe = "hb-" + UUID.randomUUID();
        ProbeMetrics metrics = new ProbeMetrics(new SimpleMeterRegistry());
        try (HeartbeatPublisher hb = new HeartbeatPublisher(settings(probe), metrics)) {
            hb.send(ProbeHeartbeat.newBuilder()
                    .setProbeId(probe)
                    .setCountry("PK")
                    .setAsn(45669)
                    .setRegion(null)
                    .setCity(null)
                    .setNetworkType(NetworkType.MOBILE)
                    .setProbeVersion("test")
                    .setEventTime(Instant.parse("2024-01-20T14:00:00Z"))
                    .setIntervalMs(30_000)
                    .setPlatforms(List.of("twitter"))
                    .setTargetCount(1)
                    .setConfigVersion("v1")
                    .setClockOffsetMs(12L)
                    .setSpoolDepth(3)
                    .setSpoolDropped(0)
                    .setMeasurementsPerMinute(2.0)
                    .setSimulated(false)
                    .build());
            hb.flush();
        }
        List<ConsumerRecord<String, ProbeHeartbeat>> hbs = TopicReader.readAll(
                        stack.bootstrapServers(),
                        stack.registryUrl(),
                        VantageTopic.HEARTBEATS.topicName(),
                        ProbeHeartbeat.class)
                .stream()
                .filter(r -> r.value().getProbeId().equals(probe))
                .toList();
        assertThat(hbs).hasSize(1);
        assertThat(hbs.get(0).key()).isEqualTo("PK:45669");
        assertThat(hbs.get(0).value().getClockOffsetMs()).isEqualTo(12L);
        assertThat(hbs.get(0).timestamp())
                .as("record timestamp = publish time")
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(3_600_000L));
    }

    @Test
    @Order(5)
    void whileTheBrokerIsDownTheSpoolGrowsAndIsDrainedWhenItIsBack() throws Exception {
        String probe = "outage-" + UUID.randomUUID();
        List<Measurement> sent = measurements(probe, 40);
        try (Spool spool = Spool.open(spoolDir, SpoolOptions.defaults())) {
            ProbeMetrics metrics = new ProbeMetrics(new SimpleMeterRegistry());
            SpoolingPublisher publisher = new SpoolingPublisher(settings(probe), spool, metrics);
            // connected and publishing ...
            publisher.submitAll(sent.subList(0, 10));
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
            // ... then the broker goes away under the running publisher
            stack.broker().stop();
            publisher.submitAll(sent.subList(10, 40));
            assertThat(publisher.awaitDrained(Duration.ofSeconds(4))).isFalse();
            assertThat(spool.depth()).isEqualTo(30);
            stack.broker().restart();
            assertThat(publisher.awaitDrained(Duration.ofSeconds(90))).isTrue();
            publisher.close();
            assertThat(metrics.publishedCount()).isEqualTo(40);
            assertThat(metrics.registry().find("vantage.probe.publish.errors").counters())
                    .isNotEmpty();
        }
        List<ConsumerRecord<String, Measurement>> records = topicRecordsOf(probe);
        assertThat(idCounts(records))
                .hasSize(40)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
        // original event times survive the delay
        assertThat(records)
                .allSatisfy(r -> assertThat(r.timestamp())
                        .as("record timestamp = publish time")
                        .isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(3_600_000L)));
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
    }

    @Test
    @Order(6)
    void anEnrolledProbesMeasurementsCarryAMacOverExactlyTheBytesOnTheTopic() throws Exception {
        String probe = "signed-" + UUID.randomUUID();
        String stranger = "unsigned-" + UUID.randomUUID();
        ProbeCredentials creds = ProbeCredentials.generate(probe);
        try (Spool spool = Spool.open(spoolDir, SpoolOptions.defaults())) {
            SpoolingPublisher publisher = new SpoolingPublisher(
                    settings(probe).withSigner(RecordSigner.of(creds)),
                    spool,
                    new ProbeMetrics(new SimpleMeterRegistry()));
            publisher.submitAll(measurements(probe, 5));
            publisher.submitAll(measurements(stranger, 2)); // another probe's records: this signer has no key for them
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
            publisher.close();
        }
        String topic = VantageTopic.MEASUREMENTS.topicName();
        org.vantage.registry.serde.AvroSerializer<Measurement> reserialize =
                new org.vantage.registry.serde.AvroSerializer<>();
        reserialize.configure(
                Map.of(org.vantage.registry.serde.AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        List<ConsumerRecord<String, Measurement>> signed = topicRecordsOf(probe);
        assertThat(signed).hasSize(5).allSatisfy(r -> {
            assertThat(RecordMac.header(r.headers(), RecordMac.PROBE_HEADER)).isEqualTo(probe);
            assertThat(RecordMac.header(r.headers(), RecordMac.KEY_HEADER)).isEqualTo(creds.keyId());
            byte[] value = reserialize.serialize(topic, r.value()); // Avro's encoding is deterministic: the bytes sent
            assertThat(creds.mac()
                            .matches(
                                    topic,
                                    r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    value,
                                    RecordMac.headerBytes(r.headers(), RecordMac.MAC_HEADER)))
                    .isTrue();
        });
        assertThat(topicRecordsOf(stranger))
                .hasSize(2)
                .allSatisfy(r ->
                        assertThat(r.headers().lastHeader(RecordMac.MAC_HEADER)).isNull());
    }
}
