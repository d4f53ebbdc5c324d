package org.vantage.probe.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolRecord;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.Measurement;
import org.vantage.topics.NetworkKey;
import org.vantage.topics.VantageTopic;

/**
 * Write-ahead publisher of measurements: every measurement is appended (and fsynced) to the {@link Spool}
 * first, then a background thread sends the spool to {@link VantageTopic#MEASUREMENTS}, keyed
 * {@code CC:ASN}. The record timestamp is the publish time, not the event time (which the value carries): a
 * spool drained days later, or a simulator replaying 2024, would otherwise be deleted by time-based retention
 * as soon as it lands. While Kafka is unreachable the spool grows (up to its bound) and is drained when
 * Kafka is back.
 *
 * <h2>Exactly once in the topic, also across {@code kill -9}</h2>
 * A plain idempotent producer deduplicates retries only within one producer session. The dangerous window
 * is after Kafka acknowledged a batch and before the local checkpoint is written: a crash there makes the
 * restarted probe resend the batch. This publisher therefore sends each batch in a Kafka <em>transaction</em>
 * (transactional id {@code vantage-probe.<probe id>}, idempotent, acks=all) and writes the spool position
 * <em>into the same transaction</em>, as the committed offset of the group
 * {@code vantage-probe-spool.<probe id>} on partition 0 of the always-empty
 * {@link VantageTopic#PROBE_CHECKPOINTS} topic ({@code sendOffsetsToTransaction}; the "offset" is the next
 * spool sequence number, not a Kafka offset, and its metadata names the spool's id so that a checkpoint of a
 * wiped and recreated spool is never applied to the new one). Committing offsets needs READ on the topic they
 * are for; a topic of its own means a probe never needs READ on the measurements. Either the batch and its
 * checkpoint commit together, or neither is visible to {@code read_committed} consumers. On every (re)connection, {@code initTransactions()} fences
 * the previous incarnation and completes or aborts its open transaction; the publisher then reads the
 * committed checkpoint (stable offsets only) and skips what Kafka already has, whatever the local
 * checkpoint file says. The local checkpoint is a cache that lets the spool delete segments; the Kafka one
 * is the truth.
 *
 * <p>Consumers must read with {@code isolation.level=read_committed} (Kafka Streams with exactly-once does)
 * to not see aborted batches; measurement ids stay unique so downstream de-duplication remains a backstop.
 *
 * <p>Any Kafka or registry error (timeouts while the broker is away, fencing, serialization) closes the
 * producer; after a backoff a new one is created, which re-synchronises with the Kafka checkpoint.
 */
public final class SpoolingPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolingPublisher.class);
    /** Partition under which the checkpoint offset is stored. */
    static final TopicPartition CHECKPOINT_PARTITION =
            new TopicPartition(VantageTopic.PROBE_CHECKPOINTS.topicName(), 0);
    /**
     * Where probes before {@link VantageTopic#PROBE_CHECKPOINTS} stored it. Still read, so that an upgraded
     * probe whose last transaction committed there does not resend that batch; never written.
     */
    static final TopicPartition LEGACY_CHECKPOINT_PARTITION =
            new TopicPartition(VantageTopic.MEASUREMENTS.topicName(), 0);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final PublisherSettings settings;
    private final Spool spool;
    private final ProbeMetrics metrics;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();

    private volatile boolean running = true;
    private volatile boolean connected;
    private KafkaProducer<String, Measurement> producer;
    private Admin admin;

    public SpoolingPublisher(PublisherSettings settings, Spool spool, ProbeMetrics metrics) {
        this.settings = settings;
        this.spool = spool;
        this.metrics = metrics;
        metrics.watchSpool(spool);
        this.thread = new Thread(this::drainLoop, "spool-drain");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Spools (durably) one measurement; it is sent in the background. */
    public SpoolRecord submit(Measurement m) {
        return submitAll(List.of(m)).get(0);
    }

    /** Spools measurements with one fsync; they are sent in the background. */
    public List<SpoolRecord> submitAll(List<Measurement> measurements) {
        List<SpoolRecord> records = new ArrayList<>(measurements.size());
        for (Measurement m : measurements) {
            String key = new NetworkKey(m.getCountry(), m.getAsn()).toString();
            records.add(SpoolRecord.of(
                    VantageTopic.MEASUREMENTS.topicName(),
                    key,
                    m.getEventTime().toEpochMilli(),
                    MeasurementCodec.encode(m)));
        }
        List<SpoolRecord> appended = spool.append(records);
        signal();
        return appended;
    }

    public Spool spool() {
        return spool;
    }

    /** Whether the last attempt to talk to Kafka succeeded. */
    public boolean connected() {
        return connected;
    }

    /** Waits until the spool is empty (everything acknowledged or dropped); false on timeout. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (spool.depth() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void drainLoop() {
        long backoffMs = 100;
        while (running) {
            try {
                if (producer == null) {
                    connect();
                    backoffMs = 100;
                }
                List<SpoolRecord> batch = spool.read(spool.ackedThrough(), settings.batchSize(), 4L * 1024 * 1024);
                if (batch.isEmpty()) {
                    waitForWork();
                    continue;
                }
                sendBatch(batch);
                backoffMs = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                connected = false;
                String reason = e.getClass().getSimpleName();
                metrics.publishError(reason);
                log.warn(
                        "event=publish_failed reason={} message=\"{}\" spool_depth={} retry_in_ms={}",
                        reason,
                        e.getMessage(),
                        spool.depth(),
                        backoffMs);
                disconnect();
                spool.releaseInFlight();
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
            }
        }
        disconnect();
    }

    private void connect() {
        Map<String, Object> p = settings.producerConfig("vantage-probe-" + settings.publisherId(), 5);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        AvroSerializer<Measurement> avro = new AvroSerializer<>();
        SigningSerializer<Measurement> valueSerializer = new SigningSerializer<>(
                avro, settings.signer(), Measurement::getProbeId, m -> m.getCountry() + ":" + m.getAsn());
        valueSerializer.configure(p, false);
        producer = new KafkaProducer<>(p, new StringSerializer(), valueSerializer);
        producer.initTransactions();

        if (admin == null) {
            admin = Admin.create(settings.adminConfig("vantage-probe-admin-" + settings.publisherId()));
        }
        requireCheckpointTopic();
        long kafkaNext = committedCheckpoint();
        long before = spool.ackedThrough();
        spool.releaseInFlight();
        if (kafkaNext - 1 > before) {
            log.info("event=spool_resync kafka_committed_through={} local_checkpoint={}", kafkaNext - 1, before);
        }
        spool.acknowledge(kafkaNext - 1);
        connected = true;
        log.info(
                "event=publisher_connected transactional_id={} spool_depth={} acked_through={}",
                settings.transactionalId(),
                spool.depth(),
                spool.ackedThrough());
    }

    /**
     * Fails with what to do when the checkpoint topic is missing (a cluster provisioned before it existed):
     * committing offsets for an unknown topic would otherwise only time out, again and again.
     */
    private void requireCheckpointTopic() {
        String topic = CHECKPOINT_PARTITION.topic();
        try {
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(settings.maxBlock().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(
                        "topic " + topic + " does not exist; the publisher stores its spool "
                                + "checkpoint there: create the catalogue topics (vantage stack provision)",
                        e.getCause());
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("describing " + topic + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Next spool sequence number Kafka has not got, from the checkpoint committed in the last transaction. */
    private long committedCheckpoint() {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                            settings.checkpointGroup(), new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata()
                    .get(settings.maxBlock().toMillis(), TimeUnit.MILLISECONDS);
            // Sequence numbers only grow, so the later of the two locations is the truth: the legacy one
            // matters only until the first transaction of this version has committed.
            return Math.max(
                    checkpointAt(offsets, CHECKPOINT_PARTITION), checkpointAt(offsets, LEGACY_CHECKPOINT_PARTITION));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw new IllegalStateException("cannot read spool checkpoint from Kafka: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("reading spool checkpoint from Kafka timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private long checkpointAt(Map<TopicPartition, OffsetAndMetadata> offsets, TopicPartition partition) {
        OffsetAndMetadata om = offsets.get(partition);
        if (om == null) {
            return 0;
        }
        if (!checkpointMetadata().equals(om.metadata())) {
            // Written by another spool under the same probe id (e.g. the spool directory was wiped and
            // recreated): its sequence numbers say nothing about ours.
            log.warn(
                    "event=spool_checkpoint_foreign group={} partition={} kafka_metadata={} spool_id={}",
                    settings.checkpointGroup(),
                    partition,
                    om.metadata(),
                    spool.id());
            return 0;
        }
        return om.offset();
    }

    private String checkpointMetadata() {
        return checkpointMetadata(spool.id());
    }

    /** Names the spool a committed checkpoint belongs to. */
    static String checkpointMetadata(String spoolId) {
        return "spool=" + spoolId;
    }

    // The group-id-only ConsumerGroupMetadata is deprecated because consumers should pass their own
    // metadata (for zombie fencing of consume-transform-produce loops); here no consumer exists and the group
    // only stores the spool checkpoint, so fencing comes from the transactional id alone.
    @SuppressWarnings("removal")
    private void sendBatch(List<SpoolRecord> batch) {
        long start = System.nanoTime();
        long last = batch.get(batch.size() - 1).seq();
        producer.beginTransaction();
        int sent = 0;
        for (SpoolRecord r : batch) {
            Measurement m;
            try {
                m = MeasurementCodec.decode(r.value());
            } catch (RuntimeException e) {
                // Cannot become decodable by retrying (e.g. written by a probe version whose schema this one
                // does not know): skip it rather than block the spool forever; it is counted and logged.
                metrics.publishError("undecodable");
                log.error("event=spool_record_undecodable seq={} error=\"{}\"; skipped", r.seq(), e.getMessage());
                continue;
            }
            producer.send(new ProducerRecord<>(r.topic(), null, null, r.key(), m)); // timestamp: publish time
            sent++;
        }
        producer.sendOffsetsToTransaction(
                Map.of(CHECKPOINT_PARTITION, new OffsetAndMetadata(last + 1, checkpointMetadata())),
                new ConsumerGroupMetadata(settings.checkpointGroup()));
        // Throws if any send of the transaction failed; then nothing of it becomes visible.
        producer.commitTransaction();
        spool.acknowledge(last);
        connected = true;
        metrics.published(sent, System.nanoTime() - start);
        log.debug("event=batch_published records={} through_seq={}", batch.size(), last);
        lock.lock();
        try {
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void waitForWork() throws InterruptedException {
        lock.lock();
        try {
            progress.signalAll();
            if (running && spool.depth() == 0) {
                work.await(200, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void disconnect() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("producer close failed", e);
            }
            producer = null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops sending after waiting up to {@code drainTimeout} for the spool to empty; what is left stays in
     * the spool for the next start.
     */
    public void close(Duration drainTimeout) {
        try {
            if (!drainTimeout.isZero() && !awaitDrained(drainTimeout)) {
                log.warn("event=publisher_close_not_drained spool_depth={}", spool.depth());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        signal();
        try {
            thread.join(settings.maxBlock().toMillis() * 3 + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
