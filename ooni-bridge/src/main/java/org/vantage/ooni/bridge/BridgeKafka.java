package org.vantage.ooni.bridge;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.kafka.ClientProperties;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.Measurement;
import org.vantage.topics.NetworkKey;
import org.vantage.topics.VantageTopic;

/**
 * The bridge's Kafka side: one transactional producer per bridge identity, and the state it resumes from.
 *
 * <p>{@link #open} calls {@code initTransactions()} first, which fences an earlier incarnation of the same
 * bridge and aborts its open transaction, and only then reads the state topic with {@code read_committed}:
 * so what it reads is exactly what committed. {@link #commit} sends a page's measurements (Avro, registry
 * wire format, key {@code CC:ASN}) and the country's new state in one transaction: both become visible, or
 * neither.
 */
final class BridgeKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BridgeKafka.class);
    static final String STATE_TOPIC = VantageTopic.OONI_BRIDGE_STATE.topicName();
    static final String MEASUREMENTS_TOPIC = VantageTopic.MEASUREMENTS.topicName();

    /**
     * @param bootstrapServers  Kafka
     * @param schemaRegistryUrl registry of the Avro serializer
     * @param client            client properties (security, registry credentials) under the bridge's own settings
     * @param maxBlock          how long a Kafka call may block before Kafka counts as unreachable
     */
    record Connection(String bootstrapServers, String schemaRegistryUrl, ClientProperties client, Duration maxBlock) {}

    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerializer<Measurement> measurements;
    private final Map<String, CountryState> states;
    /** Signs each imported measurement as the bridge (an enrolled source), or null: records go out unsigned. */
    private final org.vantage.trust.ProbeCredentials signer;

    private final org.vantage.trust.RecordMac mac;

    private BridgeKafka(
            KafkaProducer<String, byte[]> producer,
            AvroSerializer<Measurement> measurements,
            Map<String, CountryState> states,
            org.vantage.trust.ProbeCredentials signer) {
        this.producer = producer;
        this.measurements = measurements;
        this.states = states;
        this.signer = signer;
        this.mac = signer == null ? null : signer.mac();
    }

    /** Connects, fences earlier incarnations, and reads the committed state of {@code countries}. */
    static BridgeKafka open(
            Connection c,
            String bridgeId,
            String transactionalId,
            Collection<String> countries,
            org.vantage.trust.ProbeCredentials signer) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "vantage-ooni-bridge-" + bridgeId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        int maxBlockMs = (int) c.maxBlock().toMillis();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, maxBlockMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, maxBlockMs * 2);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, c.schemaRegistryUrl());
        Map<String, Object> config = c.client().merge(p);
        AvroSerializer<Measurement> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        try {
            try {
                producer.initTransactions();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new org.apache.kafka.common.errors.TimeoutException(
                        "cannot reach Kafka at " + c.bootstrapServers()
                                + " within " + c.maxBlock().toSeconds() + "s (initialising transactional id "
                                + transactionalId
                                + "): is the broker up? set --bootstrap-servers or VANTAGE_BOOTSTRAP_SERVERS",
                        e);
            }
            Map<String, CountryState> states = readState(c, bridgeId, countries);
            return new BridgeKafka(producer, serializer, states, signer);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** A measurement's record, signed when the bridge has credentials. */
    ProducerRecord<String, byte[]> record(String key, byte[] value) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(MEASUREMENTS_TOPIC, null, null, key, value);
        if (mac != null) {
            mac.sign(
                    r.headers(),
                    signer.probeId(),
                    signer.keyId(),
                    MEASUREMENTS_TOPIC,
                    key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    value);
        }
        return r;
    }

    /** The committed state per country (empty states for countries never imported). */
    Map<String, CountryState> states() {
        return states;
    }

    /**
     * Publishes {@code batch} and {@code state} in one transaction.
     *
     * @throws org.apache.kafka.common.KafkaException when the transaction did not commit (nothing of it is visible)
     */
    void commit(List<Measurement> batch, String bridgeId, CountryState state) {
        producer.beginTransaction();
        try {
            for (Measurement m : batch) {
                String key = new NetworkKey(m.getCountry(), m.getAsn()).toString();
                // Record timestamp = publish time, as for the probes: event time is in the value.
                producer.send(record(key, measurements.serialize(MEASUREMENTS_TOPIC, m)));
            }
            producer.send(
                    new ProducerRecord<>(STATE_TOPIC, CountryState.key(bridgeId, state.country()), state.encode()));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Reads the state topic to its end as it was when we started (read_uncommitted end offset), waiting for
     * other bridges' open transactions to finish; the last value per key wins.
     */
    private static Map<String, CountryState> readState(Connection c, String bridgeId, Collection<String> countries) {
        TopicPartition tp = new TopicPartition(STATE_TOPIC, 0);
        Map<String, Object> common = new HashMap<>();
        common.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        common.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) c.maxBlock().toMillis());
        common.put(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) c.maxBlock().toMillis());
        long end;
        try (Admin admin = Admin.create(c.client()
                .merge(Map.of(
                        "bootstrap.servers",
                        c.bootstrapServers(),
                        "client.id",
                        "vantage-ooni-bridge-admin-" + bridgeId,
                        "request.timeout.ms",
                        (int) c.maxBlock().toMillis(),
                        "default.api.timeout.ms",
                        (int) c.maxBlock().toMillis())))) {
            end = admin.listOffsets(
                            Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .partitionResult(tp)
                    .get(c.maxBlock().toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(
                        "topic " + STATE_TOPIC + " does not exist; the OONI bridge keeps its "
                                + "state there: create the catalogue topics (vantage stack provision, or the local stack)",
                        e.getCause());
            }
            throw new IllegalStateException(
                    "cannot read the end of " + STATE_TOPIC + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException(
                    "reading the end of " + STATE_TOPIC + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Map<String, CountryState> states = new HashMap<>();
        for (String cc : countries) {
            states.put(cc, CountryState.empty(cc));
        }
        Map<String, Object> cc = new HashMap<>(common);
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cc.put(ConsumerConfig.CLIENT_ID_CONFIG, "vantage-ooni-bridge-state-" + bridgeId);
        int read = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c.client().merge(cc), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + c.maxBlock().multipliedBy(4).toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException(
                            "reading " + STATE_TOPIC + " to offset " + end + " timed out at " + consumer.position(tp)
                                    + " (an open transaction of another bridge?)");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    String prefix = bridgeId + "/";
                    if (r.key() == null || !r.key().startsWith(prefix)) {
                        continue;
                    }
                    String country = r.key().substring(prefix.length());
                    if (!states.containsKey(country)) {
                        continue;
                    }
                    if (r.value() == null) {
                        states.put(country, CountryState.empty(country));
                        continue;
                    }
                    try {
                        states.put(country, CountryState.decode(r.value()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalStateException(
                                "state record " + r.key() + " at offset " + r.offset() + " of "
                                        + STATE_TOPIC + " cannot be read (" + e.getMessage()
                                        + "); delete it (tombstone) to start "
                                        + "the country over from the trailing window",
                                e);
                    }
                }
            }
        }
        log.info(
                "event=state_loaded bridge_id={} records_read={} countries={}",
                bridgeId,
                read,
                states.values().stream().map(s -> s.country() + ":" + s.size()).toList());
        return states;
    }

    @Override
    public void close() {
        try {
            measurements.close();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
