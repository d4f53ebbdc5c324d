package org.vantage.registry.server;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.store.SchemaStore;
import org.vantage.topics.VantageTopic;

/**
 * The registry's durable state: a compacted, single-partition Kafka topic replayed into a
 * {@link SchemaStore}. A background thread tails the topic and applies every record; on start the registry
 * waits until it has read to the end, so ids survive restarts. A write is produced, then awaited until the
 * tailing thread has applied it, so a successful HTTP answer is always visible to the next read.
 *
 * <p>Single writer: ids and versions are decided from this instance's view, so exactly one registry
 * instance may write to a given topic (as with a Confluent cluster's one primary). Several readers are fine.
 */
final class KafkaSchemaLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);

    private final String topic;
    private final TopicPartition partition;
    private final SchemaStore store;
    private final Duration timeout;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread tailer;
    private final Object progress = new Object();
    private long appliedUpTo; // next offset to apply, guarded by progress
    private volatile boolean running = true;
    private volatile Throwable failure;

    KafkaSchemaLog(
            String bootstrapServers,
            String topic,
            Map<String, Object> extraClientConfig,
            SchemaStore store,
            Duration timeout) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.store = store;
        this.timeout = timeout;
        this.clientConfig = new HashMap<>(extraClientConfig);
        clientConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);

        ensureTopic();

        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                Math.min(Math.max(timeout.toMillis(), 1_000L), Integer.MAX_VALUE));
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000L));
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "vantage-schema-registry-writer");
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());

        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "vantage-schema-registry-reader");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.tailer = new Thread(this::tail, "schema-registry-log-reader");
        tailer.setDaemon(true);
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long startupEndOffset = end == null ? 0 : end;
            tailer.start();
            awaitApplied(startupEndOffset, "reading " + topic + " to its end (offset " + startupEndOffset + ")");
            LOG.info("schema registry state rebuilt from {} (up to offset {})", topic, startupEndOffset);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Creates the topic (compacted, one partition) if missing; refuses a topic that is not compacted. */
    private void ensureTopic() {
        try (Admin admin = Admin.create(clientConfig)) {
            int brokers = admin.describeCluster()
                    .nodes()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
            short replication = (short) Math.max(1, Math.min(3, brokers));
            try {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(
                                        topic, VantageTopic.SCHEMAS.partitions(), replication)
                                .configs(VantageTopic.SCHEMAS.topicConfig())))
                        .all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("created registry topic {} (compacted, replication {})", topic, replication);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            verifyTopic(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing registry topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot prepare registry topic " + topic + " on "
                            + clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e,
                    e);
        }
    }

    /**
     * Checks the topic is compacted with one partition. Right after creation the broker's metadata may not
     * know the topic yet, so an unknown-topic answer is retried until the timeout.
     */
    private void verifyTopic(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(Set.of(resource))
                        .all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(resource);
                String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                        || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
                    throw new IllegalStateException("registry topic " + topic + " has cleanup.policy=" + policy
                            + "; it must be 'compact' or schemas would be deleted by retention. Fix the topic config.");
                }
                int partitions = admin.describeTopics(Set.of(topic))
                        .allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic)
                        .partitions()
                        .size();
                if (partitions != 1) {
                    throw new IllegalStateException("registry topic " + topic + " has " + partitions
                            + " partitions; it needs exactly 1 so the log has one order");
                }
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void tail() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    SchemaLogCodec.apply(r.key(), r.value(), store)
                            .ifPresent(skip -> LOG.warn("{} offset {}: {}", topic, r.offset(), skip));
                }
                long position = consumer.position(partition);
                synchronized (progress) {
                    appliedUpTo = position;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (Throwable t) {
            failure = t;
            LOG.error("schema registry log reader failed; the registry cannot serve writes", t);
            synchronized (progress) {
                progress.notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Appends records in order and returns once all are applied to the store. */
    void append(Collection<SchemaLogCodec.LogRecord> records) {
        long last = -1;
        try {
            Future<RecordMetadata> lastSend = null;
            for (SchemaLogCodec.LogRecord r : records) {
                lastSend = producer.send(new ProducerRecord<>(topic, 0, r.key(), r.value()));
            }
            if (lastSend == null) {
                return;
            }
            last = lastSend.get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(
                    500, SchemaRegistryException.STORE_ERROR, "interrupted while writing " + topic);
        } catch (ExecutionException e) {
            throw new SchemaRegistryException(
                    500,
                    SchemaRegistryException.STORE_ERROR,
                    "Error while writing to the registry log " + topic + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new SchemaRegistryException(
                    500,
                    SchemaRegistryException.STORE_TIMEOUT,
                    "Write to the registry log " + topic + " timed out after " + timeout);
        }
        awaitApplied(last + 1, "reading back the write at offset " + last);
    }

    private void awaitApplied(long offset, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (appliedUpTo < offset) {
                if (failure != null) {
                    throw new SchemaRegistryException(
                            500, SchemaRegistryException.STORE_ERROR, "registry log reader failed: " + failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SchemaRegistryException(
                            500,
                            SchemaRegistryException.STORE_TIMEOUT,
                            "timed out after " + timeout + " " + what + " on " + topic);
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR, "interrupted " + what);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (tailer.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(2)); // the reader never ran, so it cannot close the consumer
        } else {
            consumer.wakeup();
            try {
                tailer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }
}
