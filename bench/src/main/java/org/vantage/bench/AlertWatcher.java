package org.vantage.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.schema.DisruptionAlert;
import org.vantage.topics.VantageTopic;

/**
 * Reads {@code vantage.alerts.v1} as an alert consumer would (read_committed), from given offsets, in a
 * thread of its own, and remembers when each alert became readable (wall clock of the poll that returned it).
 */
final class AlertWatcher implements AutoCloseable {
    record Seen(DisruptionAlert alert, long seenAtMs) {}

    private final KafkaConsumer<String, DisruptionAlert> consumer;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Long> firstTwitterByCountry = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private AlertWatcher(KafkaConsumer<String, DisruptionAlert> consumer) {
        this.consumer = consumer;
        this.thread = new Thread(this::loop, "alert-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts reading at {@code from} (partition -> offset); partitions not in it start at the end. */
    static AlertWatcher start(String bootstrap, String registryUrl, Map<TopicPartition, Long> from) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10); // the watcher itself must not add latency
        AvroDeserializer<DisruptionAlert> d = new AvroDeserializer<>(DisruptionAlert.class);
        d.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        KafkaConsumer<String, DisruptionAlert> consumer = new KafkaConsumer<>(c, new StringDeserializer(), d);
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < VantageTopic.ALERTS.partitions(); p++) {
            tps.add(new TopicPartition(VantageTopic.ALERTS.topicName(), p));
        }
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        from.forEach(consumer::seek);
        for (TopicPartition tp : tps) {
            consumer.position(tp); // resolve now, before anything is produced
        }
        AlertWatcher w = new AlertWatcher(consumer);
        w.thread.start();
        return w;
    }

    private void loop() {
        while (running) {
            for (ConsumerRecord<String, DisruptionAlert> r : consumer.poll(Duration.ofMillis(20))) {
                long now = System.currentTimeMillis();
                seen.add(new Seen(r.value(), now));
                if (r.value().getPlatforms().contains(DisruptionInjection.PLATFORM)) {
                    firstTwitterByCountry.putIfAbsent(r.value().getCountry(), now);
                }
            }
        }
        consumer.close();
    }

    /**
     * When the first alert of {@code country} naming the injected platform became readable, or null. Normally the
     * OPENED alert; matching on the platform keeps a silence alert (a network outage) from counting instead.
     */
    Long firstWithInjectedPlatform(String country) {
        return firstTwitterByCountry.get(country);
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
