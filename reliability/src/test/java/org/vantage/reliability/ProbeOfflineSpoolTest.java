package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.fixture.Fleet;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.probe.publish.SpoolingPublisher;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolOptions;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.server.EmbeddedSchemaRegistry;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkInfo;
import org.vantage.stack.KafkaBrokerProcess;
import org.vantage.stack.ReferenceNetworks;
import org.vantage.stack.TopicProvisioner;
import org.vantage.topics.VantageTopic;

/**
 * With the probe's own spool and publisher: a probe whose Kafka is unreachable for
 * a long time (nothing listens on its bootstrap address: the country's uplink is cut) keeps measuring into a
 * spool bounded far below what the outage produces (a full disk, in effect). The agent keeps running, the
 * spool stays within its bound by dropping the oldest records, and the drop count it reports is exact. Then
 * Kafka and the registry come up on the addresses the probe was configured with; the spool drains, and a
 * read-committed consumer finds exactly the records that were not dropped - each once, with its original
 * event time in the value (the record timestamp is the later publish time, so retention counts from then).
 */
@Tag("integration")
class ProbeOfflineSpoolTest {
    static final long SPOOL_BYTES = 64 * 1024;

    @TempDir
    static Path dir;

    @AfterAll
    static void publish() {
        ReliabilityFigures.publish();
    }

    @Test
    void aLongOfflineProbeDropsExactlyTheOldestBeyondItsBoundAndDeliversTheRestOnce() throws Exception {
        int[] ports = SecureBroker.freePorts(3);
        String bootstrap = "127.0.0.1:" + ports[0];
        String registryUrl = "http://127.0.0.1:" + ports[2];
        NetworkInfo network = ReferenceNetworks.bundled().stream()
                .filter(n -> n.getAsn() == 17557)
                .findFirst()
                .orElseThrow();
        // 5 probes' worth of measurements (one spool here) over the last 50 minutes: about 3x the spool bound
        Instant start = Instant.now().minus(55, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        Fleet traffic = Fleet.ofReference(
                List.of(network),
                5,
                start,
                "offline-" + UUID.randomUUID().toString().substring(0, 6),
                1);

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Spool spool = Spool.open(
                dir.resolve("spool"),
                SpoolOptions.defaults().withMaxBytes(SPOOL_BYTES).withSegmentBytes(8 * 1024));
        List<String> submitted = new ArrayList<>();
        long peakBytes = 0;
        long peakRecords = 0;
        KafkaBrokerProcess broker = null;
        EmbeddedSchemaRegistry registry = null;
        try (SpoolingPublisher publisher = new SpoolingPublisher(
                new PublisherSettings(bootstrap, registryUrl, "pk-17557-offline", Duration.ofSeconds(2), 200),
                spool,
                new ProbeMetrics(meters))) {
            for (int m = 0; m < 50; m++) {
                List<Measurement> round = traffic.round(m, Fleet.healthy()).stream()
                        .filter(Fleet.Event::isMeasurement)
                        .map(e -> (Measurement) e.value())
                        .toList();
                publisher.submitAll(round); // never blocks on Kafka, never throws because Kafka is away
                round.forEach(x -> submitted.add(x.getMeasurementId()));
                peakBytes = Math.max(peakBytes, spool.depthBytes());
                peakRecords = Math.max(peakRecords, spool.depth());
                assertThat(spool.depthBytes()).as("spool within its bound").isLessThanOrEqualTo(SPOOL_BYTES);
            }
            assertThat(publisher.connected()).isFalse();
            long dropped = spool.dropped();
            long kept = spool.depth();
            assertThat(dropped).as("the outage overflowed the spool").isPositive();
            assertThat(kept + dropped)
                    .as("every measurement is either kept or counted as dropped")
                    .isEqualTo(submitted.size());
            assertThat(meters.get("vantage.probe.spool.dropped").gauge().value())
                    .as("reported drop count")
                    .isEqualTo(dropped);

            // Kafka and the registry come back where the probe expects them
            broker = KafkaBrokerProcess.builder()
                    .dataDir(dir.resolve("kafka"))
                    .port(ports[0])
                    .controllerPort(ports[1])
                    .start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                // the catalogue's own provisioning: creates the topics and waits until they have leaders
                new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(60))
                        .provision(List.of(
                                VantageTopic.MEASUREMENTS, VantageTopic.PROBE_CHECKPOINTS, VantageTopic.SCHEMAS));
            }
            registry = EmbeddedSchemaRegistry.builder(bootstrap).port(ports[2]).start();
            long drainStart = System.nanoTime();
            assertThat(publisher.awaitDrained(Duration.ofSeconds(120)))
                    .as("spool drained")
                    .isTrue();
            long drainMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);

            List<ConsumerRecord<String, Measurement>> delivered = readAll(bootstrap, registryUrl, (int) kept);
            List<String> ids =
                    delivered.stream().map(r -> r.value().getMeasurementId()).toList();
            assertThat(ids).as("each delivered once").doesNotHaveDuplicates();
            assertThat(ids)
                    .as("exactly the newest, not dropped, measurements")
                    .containsExactlyInAnyOrderElementsOf(submitted.subList((int) dropped, submitted.size()));
            assertThat(delivered)
                    .as("published later, the original event time kept in the value")
                    .allSatisfy(r -> assertThat(r.timestamp())
                            .isGreaterThan(r.value().getEventTime().toEpochMilli()));
            assertThat(delivered)
                    .extracting(r -> r.value().getEventTime())
                    .allSatisfy(t -> assertThat(t).isBetween(start, start.plus(55, ChronoUnit.MINUTES)));
            assertThat(spool.dropped())
                    .as("nothing more dropped while draining")
                    .isEqualTo(dropped);

            ReliabilityFigures.faults(1, 1);
            ReliabilityFigures.lost(submitted.size() - dropped - ids.size());
            ReliabilityFigures.line(
                    "Long-offline probe with a full spool (real SpoolingPublisher, broker absent then started)",
                    submitted.size() + " measurements over 50 min of event time with Kafka unreachable; spool bound "
                            + SPOOL_BYTES / 1024 + " KiB; peak " + peakRecords + " records / " + peakBytes / 1024
                            + " KiB; dropped (oldest, "
                            + "reported by vantage.probe.spool.dropped) " + dropped + "; delivered after reconnection "
                            + ids.size()
                            + " (each once, original event time); drain time " + drainMs
                            + " ms after the registry was up");
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (broker != null) {
                broker.stop();
            }
            spool.close();
        }
    }

    static List<ConsumerRecord<String, Measurement>> readAll(String bootstrap, String registryUrl, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> serde = new HashMap<>();
        serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        AvroDeserializer<Measurement> values = new AvroDeserializer<>(Measurement.class);
        values.configure(serde, false);
        List<ConsumerRecord<String, Measurement>> out = new ArrayList<>();
        try (KafkaConsumer<String, Measurement> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = c.partitionsFor(VantageTopic.MEASUREMENTS.topicName()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && out.size() < expected) {
                c.poll(Duration.ofMillis(300)).forEach(out::add);
            }
            // and a little longer: a duplicate would show up here
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < settle) {
                c.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }
}
