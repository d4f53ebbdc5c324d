package org.vantage.topics;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.schema.ProbeHeartbeat;

/**
 * The topic catalogue: every topic Vantage reads or writes, with its partitions, retention and cleanup
 * policy. The local stack creates topics from this list; applications take names from here only.
 *
 * <p>Measurements and heartbeats share a partition count and the key {@code CC:ASN} so the stream
 * processor can aggregate per network without repartitioning raw events.
 */
public enum VantageTopic {
    MEASUREMENTS(
            "vantage.measurements.v1",
            6,
            Duration.ofDays(7),
            false,
            Measurement.getClassSchema(),
            "Probe measurements, key 'CC:ASN'"),
    HEARTBEATS(
            "vantage.heartbeats.v1",
            6,
            Duration.ofDays(2),
            false,
            ProbeHeartbeat.getClassSchema(),
            "Probe heartbeats, key 'CC:ASN'"),
    NETWORKS(
            "vantage.networks.v1",
            1,
            null,
            true,
            NetworkInfo.getClassSchema(),
            "ASN reference table (name, type, user share), key 'CC:ASN'"),
    FLEET_CONFIG(
            "vantage.fleet-config.v1",
            1,
            null,
            true,
            FleetConfig.getClassSchema(),
            "Probe target lists and schedules, key '*', 'CC' or 'CC:ASN'"),
    NETWORK_STATUS(
            "vantage.network-status.v1",
            6,
            Duration.ofDays(7),
            false,
            null,
            "Per-network, per-platform window summaries and verdicts, key 'CC'"),
    /**
     * Compacted: it is the source of a global table (latest status per platform), and its records carry the event
     * time of the windows they judge. With time retention, a replay of past events had them deleted at the next
     * retention check, and a global consumer that had not read them yet died of an out-of-range offset.
     */
    PLATFORM_STATUS(
            "vantage.platform-status.v1",
            3,
            null,
            true,
            null,
            "Latest per-country verdicts of each platform, key = platform"),
    ALERTS(
            "vantage.alerts.v1",
            3,
            Duration.ofDays(365),
            false,
            DisruptionAlert.getClassSchema(),
            "Every incident state change, key = incident id (the public contract)"),
    INCIDENTS(
            "vantage.incidents.v1",
            3,
            null,
            true,
            DisruptionAlert.getClassSchema(),
            "Latest state per incident, key = incident id"),
    DEAD_LETTERS(
            "vantage.dead-letters.v1",
            3,
            Duration.ofDays(30),
            false,
            null,
            "Records that could not be processed: original bytes plus reason headers"),
    /**
     * Always empty: each probe's publisher stores its spool position as the committed offset of partition 0
     * in its transactions ({@code sendOffsetsToTransaction}), which needs READ on the topic. A topic of its
     * own lets probes have that READ without being able to read each other's measurements.
     */
    PROBE_CHECKPOINTS(
            "vantage.probe-checkpoints.v1",
            1,
            Duration.ofDays(1),
            false,
            null,
            "Always empty; its committed offsets (group vantage-probe-spool.<probe id>) are the probes' spool checkpoints"),
    /**
     * Compacted: the last value per key is the state. Each OONI bridge writes its state of a country (uids
     * already imported in the trailing window, its floor) in the same transaction as the measurements it
     * covers, so a restarted bridge resumes exactly where its last committed transaction left off.
     */
    OONI_BRIDGE_STATE(
            "vantage.ooni-bridge-state.v1",
            1,
            null,
            true,
            null,
            "OONI bridges' committed state per country (JSON), key '<bridge id>/<CC>'"),
    /**
     * Enrolled probes: their keys, networks, approvals and revocations, latest per probe. Written by operators
     * only, read by the detector (a global table) and operators only: it holds the probes' MAC secrets.
     */
    PROBE_ENROLLMENTS(
            "vantage.probe-enrollments.v1",
            1,
            null,
            true,
            ProbeEnrollment.getClassSchema(),
            "Enrolled probes (keys, networks, approvals, revocations), key = probe id"),
    /** Probes' requests to be enrolled (or for a new key): written by probes, read by operators; grants nothing by itself. */
    PROBE_ENROLLMENT_REQUESTS(
            "vantage.probe-enrollment-requests.v1",
            1,
            Duration.ofDays(7),
            false,
            ProbeEnrollment.getClassSchema(),
            "Enrollment and key-rotation requests of probes, key = probe id"),
    SCHEMAS(
            "_schemas",
            1,
            null,
            true,
            null,
            "Embedded Schema Registry storage (same layout purpose as Confluent's _schemas)");

    /** Header that dead-letter records carry with the human-readable reason. */
    public static final String DLQ_REASON_HEADER = "vantage.dlq.reason";

    private final String topicName;
    private final int partitions;
    private final Duration retention;
    private final boolean compacted;
    private final Schema valueSchema;
    private final String description;

    VantageTopic(
            String topicName,
            int partitions,
            Duration retention,
            boolean compacted,
            Schema valueSchema,
            String description) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.retention = retention;
        this.compacted = compacted;
        this.valueSchema = valueSchema;
        this.description = description;
    }

    public String topicName() {
        return topicName;
    }

    public int partitions() {
        return partitions;
    }

    /** Retention of a deleting topic; empty for compacted topics (kept forever, latest per key). */
    public Optional<Duration> retention() {
        return Optional.ofNullable(retention);
    }

    public boolean compacted() {
        return compacted;
    }

    /** Avro value schema carried by the topic, when it is one of the public schemas. */
    public Optional<Schema> valueSchema() {
        return Optional.ofNullable(valueSchema);
    }

    public String description() {
        return description;
    }

    /** Topic-level configuration to create the topic with. */
    public Map<String, String> topicConfig() {
        if (compacted) {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(retention.toMillis()));
    }

    /** The topic as an admin-client request with the given replication factor. */
    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(topicName, partitions, replicationFactor).configs(topicConfig());
    }

    public static Optional<VantageTopic> byName(String name) {
        for (VantageTopic t : values()) {
            if (t.topicName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
