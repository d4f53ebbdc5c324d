package org.vantage.probe.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vantage.kafka.ClientProperties;
import org.vantage.probe.measure.ProbeIdentity;
import org.vantage.probe.measure.ResolverSpec;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.probe.publish.RecordSigner;
import org.vantage.topics.NetworkKey;
import org.vantage.trust.ProbeCredentials;

/**
 * Typed, validated configuration of one probe agent. Built by {@link ProbeConfigLoader} from a YAML or
 * properties file plus {@code VANTAGE_*} environment overrides.
 *
 * @param identity          who and where the probe is
 * @param bootstrapServers  Kafka bootstrap servers
 * @param schemaRegistryUrl schema registry used by the Avro serializer
 * @param kafkaClient       Kafka client settings from the {@code kafka.client-properties} file (security,
 *                          timeouts, registry credentials), merged into every Kafka client of the probe
 * @param spoolDir          directory of the store-and-forward spool (one per probe)
 * @param spoolMaxBytes     bound of the spool; the oldest measurements are dropped beyond it
 * @param spoolMaxRecords   bound of the spool in records
 * @param schedule          default schedule, until the fleet configuration says otherwise
 * @param targetsFile       YAML target list to start with; null = the built-in default list
 * @param fleetConfig       whether to follow the compacted fleet-configuration topic
 * @param heartbeatInterval time between heartbeats
 * @param clockReferenceUrl HTTP(S) URL whose {@code Date} header is the reference clock; null = not measured
 * @param clockCheckInterval time between clock-offset measurements
 * @param metricsPort       port of the Prometheus endpoint; 0 = any free port, -1 = off
 * @param maxBlock          how long a Kafka call may block (metadata, transaction commit) before the
 *                          agent treats Kafka as unreachable and keeps spooling
 * @param publishBatch      most spooled records sent in one Kafka transaction
 */
public record ProbeConfig(
        ProbeIdentity identity,
        String bootstrapServers,
        String schemaRegistryUrl,
        ClientProperties kafkaClient,
        Path spoolDir,
        long spoolMaxBytes,
        long spoolMaxRecords,
        Schedule schedule,
        Path targetsFile,
        boolean fleetConfig,
        Duration heartbeatInterval,
        URI clockReferenceUrl,
        Duration clockCheckInterval,
        int metricsPort,
        Duration maxBlock,
        int publishBatch,
        Measure measure,
        ProbeCredentials credentials) {

    /** Where and how the probe's publishers send measurements and heartbeats. */
    public PublisherSettings publisherSettings() {
        return new PublisherSettings(
                bootstrapServers,
                schemaRegistryUrl,
                identity.probeId(),
                maxBlock,
                publishBatch,
                kafkaClient,
                RecordSigner.of(credentials));
    }

    /** Record key of this probe's measurements and heartbeats. */
    public NetworkKey networkKey() {
        return new NetworkKey(identity.country(), identity.asn());
    }

    /**
     * How the engine measures: the resolvers each target is resolved through (each gives its own
     * measurement), the control resolver whose answers tell tampered DNS from a CDN's choice (null: none),
     * and the timeout of every phase.
     */
    public record Measure(List<ResolverSpec> resolvers, ResolverSpec controlResolver, Duration phaseTimeout) {
        public Measure {
            resolvers = List.copyOf(resolvers);
            if (resolvers.isEmpty()) {
                throw new ConfigException("measure.resolvers must name at least one resolver, e.g. system");
            }
        }
    }

    /** Rounds over the target list: every {@code interval} plus a random delay up to {@code jitter}. */
    public record Schedule(Duration interval, Duration jitter, int concurrency) {
        public Schedule {
            if (interval.isNegative() || interval.isZero()) {
                throw new ConfigException("schedule.interval must be positive, got " + interval);
            }
            if (jitter.isNegative()) {
                throw new ConfigException("schedule.jitter must not be negative, got " + jitter);
            }
            if (concurrency < 1 || concurrency > 256) {
                throw new ConfigException("schedule.concurrency must be 1..256, got " + concurrency);
            }
        }
    }
}
