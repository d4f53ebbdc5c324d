package org.vantage.api.history;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.serde.JsonSerde;
import org.vantage.topics.VantageTopic;

/**
 * Fills a {@link StatusHistory} from {@code vantage.network-status.v1}, the detector's own per-network,
 * per-window judgements: on start from the records published within the history's retention (record
 * timestamps are the judgement's wall-clock time, found with offsetsForTimes), then live. Reading the topic
 * rather than adding a store leaves the detection topology alone, and every instance reads every partition,
 * so any instance answers for every country. No consumer group: nothing is committed.
 */
public final class StatusHistoryFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusHistoryFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final JsonSerde<NetworkStatus> statuses = JsonSerde.of(NetworkStatus.class);
    private final StatusHistory history;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean caughtUp;

    /** @param clientConfig {@code bootstrap.servers} and any other client setting (security) */
    public StatusHistoryFeed(Map<String, ?> clientConfig, StatusHistory history) {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vantage-status-history-" + UUID.randomUUID());
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.history = history;
        this.thread = new Thread(this::run, "vantage-status-history");
        thread.setDaemon(true);
    }

    public StatusHistoryFeed start() {
        thread.start();
        return this;
    }

    /** True once the records that existed at start have been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(VantageTopic.NETWORK_STATUS.topicName(), Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            consumer.assign(partitions);
            long since = System.currentTimeMillis() - history.retention().toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = found.get(tp);
                if (o == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    accept(r);
                }
                if (!caughtUp
                        && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("status history feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            history.add(statuses.deserialize(r.topic(), r.value()));
        } catch (SerializationException e) {
            LOG.warn("skipping undecodable status {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
