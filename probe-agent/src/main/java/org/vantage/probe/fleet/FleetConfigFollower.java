package org.vantage.probe.fleet;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.kafka.ClientProperties;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.schema.FleetConfig;
import org.vantage.topics.NetworkKey;
import org.vantage.topics.VantageTopic;

/**
 * Follows the compacted {@link VantageTopic#FLEET_CONFIG} topic and calls back whenever the configuration
 * that applies to this probe changes (with null when none applies any more). Reads every partition from the beginning without a consumer group
 * (each probe needs the whole table, and nothing needs committing), so a restart rebuilds the state.
 * A record that cannot be decoded is logged and skipped: a bad publish must not stop the fleet.
 */
public final class FleetConfigFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetConfigFollower.class);

    private final KafkaConsumer<String, FleetConfig> consumer;
    private final FleetConfigSelector selector;
    private final Consumer<FleetConfig> onChange;
    private final Thread thread;
    private volatile boolean running = true;
    private FleetConfig current;

    /**
     * @param clientProperties Kafka client settings (security) and registry settings for the deserializer,
     *                         under the follower's own
     */
    public FleetConfigFollower(
            String bootstrapServers,
            String schemaRegistryUrl,
            ClientProperties clientProperties,
            NetworkKey network,
            Consumer<FleetConfig> onChange) {
        this.selector = new FleetConfigSelector(network);
        this.onChange = Objects.requireNonNull(onChange);
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vantage-fleet-config-" + network);
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        Map<String, Object> config = clientProperties.merge(p);
        AvroDeserializer<FleetConfig> values = new AvroDeserializer<>(FleetConfig.class);
        values.configure(config, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
        this.thread = new Thread(this::run, "fleet-config");
        this.thread.setDaemon(true);
    }

    public FleetConfigFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        String topic = VantageTopic.FLEET_CONFIG.topicName();
        try {
            while (running && consumer.assignment().isEmpty()) {
                try {
                    List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                    if (parts != null && !parts.isEmpty()) {
                        List<TopicPartition> tps = parts.stream()
                                .map(pi -> new TopicPartition(topic, pi.partition()))
                                .toList();
                        consumer.assign(tps);
                        consumer.seekToBeginning(tps);
                    }
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    log.debug("fleet-config topic not reachable yet: {}", e.getMessage());
                }
            }
            while (running) {
                try {
                    for (ConsumerRecord<String, FleetConfig> r : consumer.poll(Duration.ofMillis(500))) {
                        selector.apply(r.key(), r.value());
                    }
                } catch (org.apache.kafka.common.errors.RecordDeserializationException e) {
                    log.error(
                            "event=fleet_config_undecodable partition={} offset={} error=\"{}\"; skipping the record",
                            e.topicPartition(),
                            e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                    continue;
                }
                Optional<FleetConfig> selected = selector.selected();
                FleetConfig next = selected.orElse(null);
                if (!Objects.equals(next, current)) {
                    boolean withdrawn = next == null;
                    current = next;
                    try {
                        onChange.accept(next);
                        if (withdrawn) {
                            log.info("event=fleet_config_withdrawn (no scope applies any more)");
                        } else {
                            log.info(
                                    "event=fleet_config_applied scope={} version={} targets={}",
                                    next.getScope(),
                                    next.getVersion(),
                                    next.getTargets().size());
                        }
                    } catch (RuntimeException e) {
                        log.error(
                                "event=fleet_config_rejected scope={} version={} error=\"{}\"",
                                withdrawn ? "-" : next.getScope(),
                                withdrawn ? "-" : next.getVersion(),
                                e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
