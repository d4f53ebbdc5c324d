package org.vantage.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.vantage.detect.fixture.Fleet;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.DisruptionAlert;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;

/** Producers and read-committed consumers against a {@link LocalStack}, the way an outside client would use it. */
final class StackClients {
    private StackClients() {}

    /** Encodes a record in the registry wire format (registering its schema on first use). */
    static byte[] encode(LocalStack stack, String topic, SpecificRecord value) {
        try (AvroSerializer<SpecificRecord> s = new AvroSerializer<>()) {
            s.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
            return s.serialize(topic, value);
        }
    }

    static KafkaProducer<byte[], byte[]> rawProducer(LocalStack stack) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Producer of Avro values; every send is acknowledged (acks=all) before {@code flush} returns. */
    static KafkaProducer<String, SpecificRecord> avroProducer(LocalStack stack) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        return new KafkaProducer<>(p, new org.apache.kafka.common.serialization.StringSerializer(), values);
    }

    static void send(KafkaProducer<String, SpecificRecord> producer, List<Fleet.Event> events) {
        for (Fleet.Event e : events) {
            producer.send(new ProducerRecord<>(e.topic(), null, e.time(), e.key(), e.value()));
        }
        producer.flush();
    }

    static KafkaConsumer<String, DisruptionAlert> alertConsumer(LocalStack stack) {
        return alertConsumer(stack.bootstrapServers(), stack.registryUrl());
    }

    static KafkaConsumer<String, DisruptionAlert> alertConsumer(String bootstrap, String registryUrl) {
        Properties p = consumerProperties(bootstrap);
        AvroDeserializer<DisruptionAlert> values = new AvroDeserializer<>(DisruptionAlert.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        KafkaConsumer<String, DisruptionAlert> c = new KafkaConsumer<>(p, new StringDeserializer(), values);
        c.subscribe(List.of(VantageTopic.ALERTS.topicName()));
        return c;
    }

    static KafkaConsumer<byte[], byte[]> deadLetterConsumer(LocalStack stack) {
        return deadLetterConsumer(stack.bootstrapServers());
    }

    static KafkaConsumer<byte[], byte[]> deadLetterConsumer(String bootstrap) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                consumerProperties(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(VantageTopic.DEAD_LETTERS.topicName()));
        return c;
    }

    private static Properties consumerProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reliability-checker-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    /**
     * Polls into {@code into} until {@code done} holds or the timeout passes, then {@code settle} longer so
     * that a duplicate or an extra record arriving late would be seen too.
     */
    static <K, V> void pollUntil(
            KafkaConsumer<K, V> consumer,
            List<ConsumerRecord<K, V>> into,
            Predicate<List<ConsumerRecord<K, V>>> done,
            Duration timeout,
            Duration settle) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !done.test(into)) {
            consumer.poll(Duration.ofMillis(300)).forEach(into::add);
        }
        long settleEnd = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < settleEnd) {
            consumer.poll(Duration.ofMillis(300)).forEach(into::add);
        }
    }

    static <K, V> List<V> values(List<ConsumerRecord<K, V>> records) {
        List<V> out = new ArrayList<>();
        records.forEach(r -> out.add(r.value()));
        return out;
    }
}
