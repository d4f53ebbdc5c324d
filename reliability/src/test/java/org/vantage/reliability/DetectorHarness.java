package org.vantage.reliability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.vantage.detect.VantageTopology;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.model.DetectionMetrics;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.topics.VantageTopic;
import org.vantage.trust.Enrollments;
import org.vantage.trust.ProbeCredentials;
import org.vantage.trust.ProbeIdentity;

/**
 * The production detection topology in a {@link TopologyTestDriver} (in-memory registry, wall clock following
 * event time): the reference the real-stack runs are compared with, and the fast loop of the poisoning search.
 */
final class DetectorHarness implements AutoCloseable {
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SpecificRecord> measurements;
    private final TestInputTopic<String, SpecificRecord> heartbeats;
    private final TestInputTopic<String, SpecificRecord> networks;
    private final TestOutputTopic<String, DisruptionAlert> alerts;
    private final List<DisruptionAlert> alertLog = new ArrayList<>();
    private final Path stateDir;
    private long wallClock;
    private final TestInputTopic<String, SpecificRecord> enrollments;
    private final TestInputTopic<byte[], byte[]> rawMeasurements;
    private final TestInputTopic<byte[], byte[]> rawHeartbeats;
    private final AvroSerializer<SpecificRecord> values;
    /** Enrolled probes, whose records are signed as their publishers would sign them. */
    private final Map<String, ProbeCredentials> signers = new HashMap<>();

    DetectorHarness(DetectionThresholds thresholds, Instant start) {
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://reliability-" + UUID.randomUUID());
        stateDir = Path.of(System.getProperty("java.io.tmpdir"), "vantage-reliability-" + UUID.randomUUID());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vantage-reliability-reference");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(serde);
        wallClock = start.toEpochMilli();
        driver = new TopologyTestDriver(VantageTopology.build(thresholds, serde,
                new DetectionMetrics(new SimpleMeterRegistry()), VantageTopology.StoreType.IN_MEMORY, props), props, start);
        values = new AvroSerializer<>();
        values.configure(serde, false);
        AvroDeserializer<DisruptionAlert> alertValues = new AvroDeserializer<>(DisruptionAlert.class);
        alertValues.configure(serde, false);
        measurements = driver.createInputTopic(VantageTopic.MEASUREMENTS.topicName(), new StringSerializer(), values);
        heartbeats = driver.createInputTopic(VantageTopic.HEARTBEATS.topicName(), new StringSerializer(), values);
        networks = driver.createInputTopic(VantageTopic.NETWORKS.topicName(), new StringSerializer(), values);
        alerts = driver.createOutputTopic(VantageTopic.ALERTS.topicName(), new StringDeserializer(), alertValues);
        enrollments = thresholds.trust().checked()
                ? driver.createInputTopic(VantageTopic.PROBE_ENROLLMENTS.topicName(), new StringSerializer(), values) : null;
        rawMeasurements = driver.createInputTopic(VantageTopic.MEASUREMENTS.topicName(), new ByteArraySerializer(), new ByteArraySerializer());
        rawHeartbeats = driver.createInputTopic(VantageTopic.HEARTBEATS.topicName(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Enrolls a probe for its network as an operator would (its request signed by its identity, approved with the
     * approver and how the network was verified), and signs its records from now on.
     */
    void enroll(String probeId, String network) {
        ProbeCredentials c = ProbeCredentials.generate(probeId);
        Instant now = Instant.ofEpochMilli(wallClock);
        ProbeEnrollment request = Enrollments.request(c, List.of(network), null, null, now);
        byte[] bytes = request.toString().getBytes(StandardCharsets.UTF_8);
        ProbeEnrollment approved = Enrollments.approve(request, ProbeIdentity.sign(c.identity().getPrivate(), bytes), bytes, null,
                List.of(), "reliability-suite", "fixture", Duration.ZERO, now);
        enrollments.pipeInput(probeId, approved, wallClock);
        signers.put(probeId, c);
    }

    void reference(List<NetworkInfo> list) {
        for (NetworkInfo n : list) {
            networks.pipeInput(n.getCountry() + ":" + n.getAsn(), n, wallClock);
        }
    }

    /** Pipes events in order; each arrives two seconds after its event time on the driver's wall clock. */
    void pipe(List<Traffic.Event> events) {
        for (Traffic.Event e : events) {
            long arrival = e.time() + 2_000;
            if (arrival > wallClock) {
                driver.advanceWallClockTime(Duration.ofMillis(arrival - wallClock));
                wallClock = arrival;
            }
            ProbeCredentials c = signers.isEmpty() ? null : signers.get(probeOf(e.value()));
            if (c != null) {
                String topicName = e.isMeasurement() ? VantageTopic.MEASUREMENTS.topicName() : VantageTopic.HEARTBEATS.topicName();
                byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
                byte[] value = values.serialize(topicName, e.value());
                Headers h = new RecordHeaders();
                c.mac().sign(h, c.probeId(), c.keyId(), topicName, key, value);
                (e.isMeasurement() ? rawMeasurements : rawHeartbeats).pipeInput(new TestRecord<>(key, value, h, Instant.ofEpochMilli(e.time())));
                continue;
            }
            TestInputTopic<String, SpecificRecord> topic = e.isMeasurement() ? measurements : heartbeats;
            topic.pipeInput(new TestRecord<>(e.key(), e.value(), Instant.ofEpochMilli(e.time())));
        }
    }

    private static String probeOf(SpecificRecord r) {
        return r instanceof Measurement m ? m.getProbeId() : ((ProbeHeartbeat) r).getProbeId();
    }

    List<DisruptionAlert> alerts() {
        alertLog.addAll(alerts.readValuesToList());
        return List.copyOf(alertLog);
    }

    @Override
    public void close() {
        driver.close();
    }
}
