package org.vantage.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.schema.DisruptionAlert;
import org.vantage.topics.VantageTopic;

/**
 * Follows the alerts topic from its end with a read-committed consumer (so only alerts of committed
 * exactly-once transactions are streamed) and hands each alert to the broadcaster. Reading the topic
 * rather than tapping the topology means every instance streams every alert, whichever instance made it.
 */
public final class AlertFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);

    private final KafkaConsumer<String, DisruptionAlert> consumer;
    private final AlertBroadcaster broadcaster;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);

    /**
     * @param clientConfig {@code bootstrap.servers}, {@code schema.registry.url} and any other client or
     *                     registry setting (security), for the consumer and the deserializer
     */
    public AlertFeed(Map<String, ?> clientConfig, AlertBroadcaster broadcaster) {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vantage-alert-feed-" + UUID.randomUUID());
        AvroDeserializer<DisruptionAlert> values = new AvroDeserializer<>(DisruptionAlert.class);
        values.configure(p, false);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        this.broadcaster = broadcaster;
        this.thread = new Thread(this::run, "vantage-alert-feed");
        thread.setDaemon(true);
    }

    public AlertFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(VantageTopic.ALERTS.topicName(), Duration.ofSeconds(30)).stream()
                            .map(info -> new TopicPartition(info.topic(), info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, DisruptionAlert> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        broadcaster.publish(r.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("alert feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
