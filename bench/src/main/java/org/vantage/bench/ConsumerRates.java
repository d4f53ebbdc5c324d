package org.vantage.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.schema.Measurement;

/**
 * Runs (a) and (b): one plain consumer over every partition of the topic from the beginning, no group, no
 * commits, until {@code expected} records were read. (a) only reads the bytes; (b) also decodes each value
 * with the project's {@link AvroDeserializer}. Timed from the first poll to the last record.
 */
final class ConsumerRates {
    private ConsumerRates() {}

    record Result(long records, long bytes, double seconds, double cpuSeconds) {
        /** Records per CPU-second of this JVM (which does nothing else meanwhile). */
        double perCpuSecond() {
            return records / cpuSeconds;
        }

        double rate() {
            return records / seconds;
        }
    }

    static Result plain(String bootstrap, String topic, int partitions, long expected, LongConsumer progress) {
        return run(bootstrap, topic, partitions, expected, new ByteArrayDeserializer(), progress);
    }

    static Result decoding(
            String bootstrap, String registryUrl, String topic, int partitions, long expected, LongConsumer progress) {
        AvroDeserializer<Measurement> d = new AvroDeserializer<>(Measurement.class);
        d.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        return run(bootstrap, topic, partitions, expected, d, progress);
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static <V> Result run(
            String bootstrap,
            String topic,
            int partitions,
            long expected,
            Deserializer<V> values,
            LongConsumer progress) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], V> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), values)) {
            List<TopicPartition> tps = new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long n = 0;
            long bytes = 0;
            long start = System.nanoTime();
            long cpuStart = processCpu();
            long lastReport = start;
            long deadline = start + Duration.ofMinutes(30).toNanos();
            while (n < expected) {
                ConsumerRecords<byte[], V> recs = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], V> r : recs) {
                    n++;
                    bytes += r.serializedValueSize();
                    if (r.value() == null) {
                        throw new IllegalStateException(
                                "null value at " + r.topic() + "-" + r.partition() + "@" + r.offset());
                    }
                }
                long now = System.nanoTime();
                if (now - lastReport > 2_000_000_000L) {
                    progress.accept(n);
                    lastReport = now;
                }
                if (now > deadline) {
                    throw new IllegalStateException("read only " + n + " of " + expected + " records in 30 minutes");
                }
            }
            return new Result(n, bytes, (System.nanoTime() - start) / 1e9, (processCpu() - cpuStart) / 1e9);
        }
    }
}
