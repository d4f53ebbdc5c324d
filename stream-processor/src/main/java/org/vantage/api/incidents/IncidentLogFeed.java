package org.vantage.api.incidents;

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
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.schema.DisruptionAlert;
import org.vantage.topics.VantageTopic;

/**
 * Fills an {@link IncidentLog} from the compacted {@code vantage.incidents.v1} (latest state per incident), from
 * its beginning and then live, with a read-committed consumer (only alerts of committed transactions). Every
 * instance reads every partition, so any instance can describe any incident.
 */
public final class IncidentLogFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentLogFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<DisruptionAlert> alerts;
    private final IncidentLog log;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);

    /** @param clientConfig {@code bootstrap.servers}, {@code schema.registry.url} and any other client or registry setting */
    public IncidentLogFeed(Map<String, ?> clientConfig, IncidentLog log) {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vantage-incident-log-" + UUID.randomUUID());
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.alerts = new AvroDeserializer<>(DisruptionAlert.class);
        alerts.configure(p, false);
        this.log = log;
        this.thread = new Thread(this::run, "vantage-incident-log");
        thread.setDaemon(true);
    }

    public IncidentLogFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(VantageTopic.INCIDENTS.topicName(), Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    accept(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("incident log feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            log.add(alerts.deserialize(r.topic(), r.headers(), r.value()));
        } catch (SerializationException e) {
            LOG.warn(
                    "skipping undecodable incident {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
