package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.schema.NetworkInfo;
import org.vantage.topics.VantageTopic;

@Tag("integration")
class LocalStackTest {

    @TempDir
    Path dataDir;

    @Test
    void startsBrokerRegistryTopicsAndReferenceTableAndCloseLeavesNoProcess() throws Exception {
        long brokerPid;
        try (LocalStack stack =
                LocalStack.builder().dataDir(dataDir).brokerHeap("384m").start()) {
            brokerPid = stack.broker().pid();
            assertThat(stack.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(stack.registryUrl()).startsWith("http://127.0.0.1:");
            assertThat(dataDir.resolve("kafka/data/meta.properties")).exists();

            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsAll(java.util.Arrays.stream(VantageTopic.values())
                                .map(VantageTopic::topicName)
                                .toList());
            }

            HttpResponse<String> subjects = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body()).contains(VantageTopic.NETWORKS.topicName() + "-value");

            Map<String, NetworkInfo> published = readNetworks(stack);
            assertThat(published).hasSize(ReferenceNetworks.bundled().size());
            assertThat(published.get("PK:45669").getName()).startsWith("Jazz");
            assertThat(published.get("PK:45669").getUserShare())
                    .isEqualTo(stack.networks().stream()
                            .filter(n -> n.getAsn() == 45669)
                            .findFirst()
                            .orElseThrow()
                            .getUserShare());
        }
        assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(ProcessHandle::isAlive)
                        .mapToLong(ProcessHandle::pid))
                .doesNotContain(brokerPid);
    }

    private static Map<String, NetworkInfo> readNetworks(LocalStack stack) {
        TopicPartition partition = new TopicPartition(VantageTopic.NETWORKS.topicName(), 0);
        AvroDeserializer<NetworkInfo> values = new AvroDeserializer<>(NetworkInfo.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        Map<String, NetworkInfo> out = new HashMap<>();
        try (KafkaConsumer<String, NetworkInfo> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringDeserializer(),
                values)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30))
                    .get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(partition, Duration.ofSeconds(30)) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, NetworkInfo> r : consumer.poll(Duration.ofMillis(500))) {
                    out.put(r.key(), r.value());
                }
            }
        }
        return out;
    }
}
