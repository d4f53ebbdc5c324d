package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.topics.VantageTopic;

@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicProvisionerTest {

    @TempDir
    static Path dataDir;

    static KafkaBrokerProcess broker;
    static Admin admin;
    static TopicProvisioner provisioner;

    @BeforeAll
    static void start() {
        broker = KafkaBrokerProcess.builder().dataDir(dataDir).heap("384m").start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        provisioner = new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    @Order(1)
    void createsEveryCatalogueTopicWithItsPartitionsAndCleanupPolicy() throws Exception {
        TopicProvisioner.Report report = provisioner.provisionAll();

        assertThat(report.created()).containsExactlyInAnyOrder(VantageTopic.values());
        assertThat(report.existing()).isEmpty();
        assertThat(report.consistent()).isTrue();

        Set<String> names = Arrays.stream(VantageTopic.values())
                .map(VantageTopic::topicName)
                .collect(Collectors.toSet());
        Map<String, TopicDescription> described =
                admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                        .toList())
                .all()
                .get(30, TimeUnit.SECONDS);
        for (VantageTopic topic : VantageTopic.values()) {
            TopicDescription d = described.get(topic.topicName());
            assertThat(d.partitions()).as(topic.topicName()).hasSize(topic.partitions());
            assertThat(d.partitions())
                    .allSatisfy(p -> assertThat(p.leader().isEmpty()).isFalse());
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.topicName()));
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .as(topic.topicName())
                    .isEqualTo(topic.compacted() ? "compact" : "delete");
            if (topic.retention().isPresent()) {
                assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
                        .isEqualTo(Long.toString(topic.retention().get().toMillis()));
            }
            assertThat(report.partitions()).containsEntry(topic, topic.partitions());
        }
    }

    @Test
    @Order(2)
    void secondRunFindsEverythingAndChangesNothing() {
        TopicProvisioner.Report report = provisioner.provisionAll();

        assertThat(report.created()).isEmpty();
        assertThat(report.existing()).containsExactlyInAnyOrder(VantageTopic.values());
        assertThat(report.mismatches()).isEmpty();
    }

    @Test
    @Order(3)
    void reportsAnExistingTopicThatDiffersFromTheCatalogue() throws Exception {
        // a topic that someone created by hand with the wrong shape
        String name = VantageTopic.PLATFORM_STATUS.topicName();
        admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200); // deletion still in progress
            }
        }

        // the broker's metadata cache follows the controller asynchronously: wait until it shows the new topic
        while (partitionsSeenByBroker(name) != 1) {
            assertThat(System.nanoTime()).as("metadata of the recreated topic").isLessThan(deadline);
            Thread.sleep(100);
        }

        TopicProvisioner.Report report = provisioner.provisionAll();

        assertThat(report.created()).isEmpty();
        assertThat(report.consistent()).isFalse();
        assertThat(report.mismatches())
                .containsExactlyInAnyOrder(
                        name + " has 1 partitions, the catalogue says " + VantageTopic.PLATFORM_STATUS.partitions(),
                        name + " has cleanup.policy=delete, the catalogue says compact");
    }

    @Test
    @Order(4)
    void setsMinInsyncReplicasOnNewTopicsWhenAsked() throws Exception {
        String name = VantageTopic.DEAD_LETTERS.topicName();
        admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        TopicProvisioner withMinIsr = new TopicProvisioner(admin, (short) 1, 1, Duration.ofSeconds(30));
        TopicProvisioner.Report report;
        while (true) {
            report = withMinIsr.provision(List.of(VantageTopic.DEAD_LETTERS));
            if (report.created().contains(VantageTopic.DEAD_LETTERS)) {
                break;
            }
            assertThat(System.nanoTime())
                    .as("deletion of " + name + " completed")
                    .isLessThan(deadline);
            Thread.sleep(200); // deletion still in progress: the topic counts as existing
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        var entry = admin.describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource)
                .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        assertThat(entry.value()).isEqualTo("1");
        assertThat(entry.source())
                .as("set on the topic, not inherited from the broker")
                .isEqualTo(org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

        assertThatThrownBy(() -> new TopicProvisioner(admin, (short) 1, 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min.insync.replicas");
    }

    /** Partition count in the broker's metadata cache, -1 while it does not know the topic yet. */
    private static int partitionsSeenByBroker(String name) throws Exception {
        try {
            return admin.describeTopics(List.of(name))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(name)
                    .partitions()
                    .size();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return -1;
            }
            throw e;
        }
    }
}
