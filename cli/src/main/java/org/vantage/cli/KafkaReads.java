package org.vantage.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.topics.VantageTopic;

/**
 * One-shot reads of a topic for the operator commands: a fresh consumer without a group (nothing is
 * committed, nothing is left behind) reads from a start point up to the end offsets seen when it began.
 * Every broker call is bounded by {@code timeout}, so an unreachable broker gives a clear error, not a hang.
 */
final class KafkaReads {

    private final StackEndpoints endpoints;
    private final Duration timeout;

    KafkaReads(StackEndpoints endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
    }

    /** Records of {@code topic} with a timestamp in [since, until] (start found with offsetsForTimes). */
    <T extends SpecificRecord> List<T> between(VantageTopic topic, Class<T> type, Instant since, Instant until) {
        List<T> out = new ArrayList<>();
        read(topic, type, since, rec -> {
            // offsetsForTimes finds the first record at or after `since`; later offsets may still carry older
            // timestamps (a probe's late heartbeat), which are outside the window asked for
            if (rec.value() != null
                    && rec.timestamp() >= since.toEpochMilli()
                    && rec.timestamp() <= until.toEpochMilli()) {
                out.add(rec.value());
            }
        });
        return out;
    }

    /** The latest value per key of a compacted topic (tombstones remove the key), in key order of arrival. */
    <T extends SpecificRecord> Map<String, T> latestPerKey(VantageTopic topic, Class<T> type) {
        Map<String, T> out = new LinkedHashMap<>();
        read(topic, type, null, rec -> {
            if (rec.value() == null) {
                out.remove(rec.key());
            } else {
                out.put(rec.key(), rec.value());
            }
        });
        return out;
    }

    /** Timestamp of the newest record of {@code topic} (the last record of each partition), if any. */
    java.util.Optional<Instant> newestTimestamp(VantageTopic topic) {
        long[] newest = {Long.MIN_VALUE};
        Map<String, Object> c = consumerConfig();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                c,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> last = new HashMap<>();
            for (TopicPartition p : partitions) {
                if (end.get(p) > begin.get(p)) {
                    consumer.seek(p, end.get(p) - 1);
                    last.put(p, end.get(p));
                }
            }
            consumer.pause(partitions.stream().filter(p -> !last.containsKey(p)).toList());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!last.isEmpty() && !caughtUp(consumer, last) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> newest[0] = Math.max(newest[0], r.timestamp()));
            }
        } catch (TimeoutException e) {
            throw unreachable(endpoints.bootstrapServers(), timeout);
        }
        return newest[0] == Long.MIN_VALUE
                ? java.util.Optional.empty()
                : java.util.Optional.of(Instant.ofEpochMilli(newest[0]));
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "vantage-cli-read");
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        c.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 2_000);
        c.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 2_000);
        return endpoints.clientConfig(c);
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, VantageTopic topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.topicName(), timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException(
                    "topic " + topic.topicName() + " does not exist on " + endpoints.bootstrapServers()
                            + ": is this a Vantage cluster (./vantage stack up creates the topics)?");
        }
        return infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    /** The latest record per key, with its raw value bytes and headers (what was signed), in key order of arrival. */
    Map<String, ConsumerRecord<String, byte[]>> latestRecordsPerKey(VantageTopic topic) {
        Map<String, ConsumerRecord<String, byte[]>> out = new LinkedHashMap<>();
        read(topic, new org.apache.kafka.common.serialization.ByteArrayDeserializer(), null, rec -> {
            out.remove(rec.key()); // re-inserted: the order is that of the latest arrivals
            if (rec.value() != null) {
                out.put(rec.key(), rec);
            }
        });
        return out;
    }

    private <T extends SpecificRecord> void read(
            VantageTopic topic,
            Class<T> type,
            Instant since,
            java.util.function.Consumer<ConsumerRecord<String, T>> sink) {
        AvroDeserializer<T> values = new AvroDeserializer<>(type);
        values.configure(consumerConfig(), false);
        read(topic, values, since, sink);
    }

    private <T> void read(
            VantageTopic topic,
            org.apache.kafka.common.serialization.Deserializer<T> values,
            Instant since,
            java.util.function.Consumer<ConsumerRecord<String, T>> sink) {
        Map<String, Object> c = consumerConfig();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(c, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            if (since == null) {
                consumer.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(p -> query.put(p, since.toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
                for (TopicPartition p : partitions) {
                    OffsetAndTimestamp o = found.get(p);
                    consumer.seek(p, o == null ? end.get(p) : o.offset());
                }
            }
            long deadline = System.nanoTime() + timeout.multipliedBy(3).toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic.topicName() + " from "
                            + endpoints.bootstrapServers() + " did not finish within "
                            + timeout.multipliedBy(3).toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(sink);
            }
        } catch (TimeoutException e) {
            throw unreachable(endpoints.bootstrapServers(), timeout);
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    static IllegalStateException unreachable(String bootstrap, Duration timeout) {
        return new IllegalStateException(
                "cannot reach Kafka at " + bootstrap + " (no answer within " + timeout.toSeconds()
                        + " s): is the local stack running (./vantage stack up)? set --bootstrap-servers or VANTAGE_BOOTSTRAP_SERVERS");
    }
}
