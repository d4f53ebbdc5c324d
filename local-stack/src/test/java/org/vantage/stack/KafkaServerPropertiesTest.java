package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaServerPropertiesTest {

    private static final Path DIR = Path.of("/tmp/x/data");

    @Test
    void singleNodeIsACombinedKraftNodeOnLoopbackWithReplicationOne() {
        Map<String, String> p = new KafkaServerProperties(
                        1, 9100, 9101, DIR, List.of(new KafkaServerProperties.Node(1, 9101)), Map.of())
                .toMap();

        assertThat(p)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9101")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9100,CONTROLLER://127.0.0.1:9101")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9100")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("log.dirs", DIR.toString());
    }

    @Test
    void threeNodesListEveryVoterAndReplicateInternalTopicsThreeTimes() {
        List<KafkaServerProperties.Node> voters = List.of(
                new KafkaServerProperties.Node(1, 9101),
                new KafkaServerProperties.Node(2, 9103),
                new KafkaServerProperties.Node(3, 9105));
        Map<String, String> p = new KafkaServerProperties(2, 9102, 9103, DIR, voters, Map.of()).toMap();

        assertThat(p)
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9101,2@127.0.0.1:9103,3@127.0.0.1:9105")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2");
    }

    @Test
    void overridesWinAndANodeMustBeAVoter() {
        Map<String, String> p = new KafkaServerProperties(
                        1,
                        9100,
                        9101,
                        DIR,
                        List.of(new KafkaServerProperties.Node(1, 9101)),
                        Map.of("auto.create.topics.enable", "true"))
                .toMap();
        assertThat(p).containsEntry("auto.create.topics.enable", "true");

        assertThatThrownBy(() -> new KafkaServerProperties(
                        2, 9100, 9101, DIR, List.of(new KafkaServerProperties.Node(1, 9101)), Map.of()))
                .hasMessageContaining("node 2 must be one of the voters");
    }
}
