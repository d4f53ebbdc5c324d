package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** One real broker child process for the class; the crash test runs last because it restarts it. */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerProcessTest {

    @TempDir
    static Path dataDir;

    static KafkaBrokerProcess broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBrokerProcess.builder().dataDir(dataDir).heap("384m").start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    @Order(1)
    void runsAsChildProcessOnLoopback() {
        assertThat(broker.isAlive()).isTrue();
        assertThat(ProcessHandle.current().children().mapToLong(ProcessHandle::pid))
                .contains(broker.pid());
        assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(dataDir.resolve("data/meta.properties")).exists();
        assertThat(broker.logFile()).exists();
    }

    @Test
    @Order(2)
    void producesAndConsumesARecord() throws Exception {
        createTopic("roundtrip");
        produce("roundtrip", "k", "hello");
        assertThat(consumeAll("roundtrip")).containsExactly("k=hello");
    }

    @Test
    @Order(3)
    void recordWrittenBeforeKillIsReadableAfterRestart() throws Exception {
        createTopic("survives-crash");
        produce("survives-crash", "before", "crash");
        long oldPid = broker.pid();
        int port = broker.port();

        broker.kill();
        assertThat(broker.isAlive()).isFalse();
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));

        broker.restart();
        assertThat(broker.pid()).isNotEqualTo(oldPid);
        assertThat(broker.port()).isEqualTo(port);
        assertThat(consumeAll("survives-crash")).containsExactly("before=crash");
        produce("survives-crash", "after", "restart");
        assertThat(consumeAll("survives-crash")).containsExactly("before=crash", "after=restart");
    }

    @Test
    @Order(4)
    void stopEndsTheProcessAndRestartBringsItBack() {
        long pid = broker.pid();
        broker.stop();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        broker.restart();
        assertThat(broker.isAlive()).isTrue();
    }

    @Test
    @Order(5)
    void invalidBrokerSettingFailsBeforeAnyProcessStarts(@TempDir Path otherDir) {
        assertThatThrownBy(() -> KafkaBrokerProcess.builder()
                        .dataDir(otherDir)
                        .property("log.segment.bytes", "12")
                        .start())
                .isInstanceOf(KafkaBrokerProcess.BrokerStartException.class)
                .hasMessageContaining("log.segment.bytes");
    }

    @Test
    @Order(6)
    void aBrokerThatCannotBindFailsWithTheTailOfItsLog(@TempDir Path otherDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> KafkaBrokerProcess.builder()
                            .dataDir(otherDir)
                            .heap("256m")
                            .port(taken.getLocalPort())
                            .start())
                    .isInstanceOf(KafkaBrokerProcess.BrokerStartException.class)
                    .hasMessageContaining("exited with code")
                    .hasMessageContaining("Address already in use");
        }
    }

    private static void createTopic(String name) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Everything in partition 0, read from the beginning until the end offset. */
    private static List<String> consumeAll(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30))
                    .get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(partition, Duration.ofSeconds(30)) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(r.key() + "=" + r.value());
                }
            }
        }
        return out;
    }
}
