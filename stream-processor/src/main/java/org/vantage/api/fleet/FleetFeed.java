package org.vantage.api.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.topics.VantageTopic;

/**
 * Keeps the fleet's recent state in memory for the dashboard's fleet page: the latest heartbeat of each probe
 * (read from {@code vantage.heartbeats.v1}, starting {@code window} back via offsetsForTimes) and the active
 * fleet configurations (the compacted {@code vantage.fleet-config.v1}, read from its beginning). Memory is
 * bounded by the number of probes and scopes: one heartbeat per probe, one configuration per scope.
 *
 * <p>Heartbeat record timestamps are publish times (wall clock), their event times are the probe's clock,
 * which for a replayed scenario is the scenario's. So a probe is kept while it published within the window,
 * and liveness is judged on the fleet's own clock: see {@link #fleetClock}.
 */
public final class FleetFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetFeed.class);

    /** A probe's latest heartbeat and when it was published (record timestamp). */
    record Heard(ProbeHeartbeat heartbeat, Instant publishedAt) {}

    /**
     * What the API serves: heartbeats to judge, the instant to judge them at, configurations by scope, and when
     * each country was last heard from (publish time of its newest heartbeat, kept beyond the window).
     */
    public record Snapshot(
            List<ProbeHeartbeat> heartbeats,
            Instant fleetNow,
            Map<String, FleetConfig> configs,
            Map<String, Instant> lastHeardByCountry) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<ProbeHeartbeat> heartbeats;
    private final AvroDeserializer<FleetConfig> configs;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Heard> latest = new ConcurrentHashMap<>();
    private final Map<String, FleetConfig> activeConfigs = new ConcurrentHashMap<>();
    /** Per country, not per probe: bounded by the number of countries, so never evicted (a silent country stays visible). */
    private final Map<String, Instant> lastHeardByCountry = new ConcurrentHashMap<>();

    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);

    /**
     * @param clientConfig {@code bootstrap.servers}, {@code schema.registry.url} and any other client or
     *                     registry setting (security), for the consumer and the deserializers
     */
    public FleetFeed(Map<String, ?> clientConfig, Duration window) {
        this(clientConfig, window, Clock.systemUTC());
    }

    FleetFeed(Map<String, ?> clientConfig, Duration window, Clock clock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("fleet window must be positive, got " + window);
        }
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vantage-fleet-feed-" + UUID.randomUUID());
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.heartbeats = new AvroDeserializer<>(ProbeHeartbeat.class);
        heartbeats.configure(p, false);
        this.configs = new AvroDeserializer<>(FleetConfig.class);
        configs.configure(p, false);
        this.window = window;
        this.clock = clock;
        this.thread = new Thread(this::run, "vantage-fleet-feed");
        thread.setDaemon(true);
    }

    public FleetFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> hbPartitions = partitions(VantageTopic.HEARTBEATS);
            List<TopicPartition> cfgPartitions = partitions(VantageTopic.FLEET_CONFIG);
            List<TopicPartition> all = new ArrayList<>(hbPartitions);
            all.addAll(cfgPartitions);
            consumer.assign(all);
            consumer.seekToBeginning(cfgPartitions);
            long since = clock.instant().minus(window).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            hbPartitions.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            for (TopicPartition tp : hbPartitions) {
                OffsetAndTimestamp o = found.get(tp);
                if (o == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    accept(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("fleet feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private List<TopicPartition> partitions(VantageTopic topic) {
        return consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(VantageTopic.FLEET_CONFIG.topicName())) {
                if (r.value() == null) {
                    activeConfigs.remove(r.key()); // tombstone: the scope's configuration was withdrawn
                } else {
                    FleetConfig c = configs.deserialize(r.topic(), r.headers(), r.value());
                    activeConfigs.put(c.getScope(), c);
                }
            } else if (r.value() != null) {
                ProbeHeartbeat hb = heartbeats.deserialize(r.topic(), r.headers(), r.value());
                Heard heard = new Heard(hb, Instant.ofEpochMilli(r.timestamp()));
                latest.merge(
                        hb.getProbeId(),
                        heard,
                        (a, b) -> b.heartbeat()
                                        .getEventTime()
                                        .isBefore(a.heartbeat().getEventTime())
                                ? a
                                : b);
                lastHeardByCountry.merge(hb.getCountry(), heard.publishedAt(), (a, b) -> b.isAfter(a) ? b : a);
            }
        } catch (SerializationException e) {
            LOG.warn("skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** Probes that published within the window, the fleet's clock, the configurations by scope, last heard per country. */
    public Snapshot snapshot() {
        Instant now = clock.instant();
        Instant oldest = now.minus(window);
        latest.values()
                .removeIf(h -> h.publishedAt().isBefore(oldest)); // forget probes gone for longer than the window
        List<Heard> heard = List.copyOf(latest.values());
        return new Snapshot(
                heard.stream().map(Heard::heartbeat).toList(),
                fleetClock(heard, now),
                new TreeMap<>(activeConfigs),
                new TreeMap<>(lastHeardByCountry));
    }

    /**
     * The instant to judge liveness at: the newest heartbeat's event time, advanced by the wall-clock time since
     * it was published. For a live fleet that is about now; for a replay whose clock is in the past it is the
     * replay's clock; either way probes turn silent when the whole fleet stops publishing.
     */
    static Instant fleetClock(List<Heard> heard, Instant now) {
        Heard newest = null;
        for (Heard h : heard) {
            if (newest == null
                    || h.heartbeat().getEventTime().isAfter(newest.heartbeat().getEventTime())) {
                newest = h;
            }
        }
        if (newest == null) {
            return now;
        }
        Duration sincePublished = Duration.between(newest.publishedAt(), now);
        return newest.heartbeat().getEventTime().plus(sincePublished.isNegative() ? Duration.ZERO : sincePublished);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
