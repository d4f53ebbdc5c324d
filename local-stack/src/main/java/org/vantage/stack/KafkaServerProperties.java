package org.vantage.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code server.properties} of one node of a local KRaft cluster in combined mode (broker and
 * controller in one process). Pure: renders settings, starts nothing.
 *
 * <p>The quorum is declared with static {@code controller.quorum.voters} rather than the dynamic quorum
 * that {@code kafka-storage format --standalone} sets up: the dynamic quorum writes the controller's
 * address into the metadata log, while the local stack picks new free ports at each {@code up} and must
 * still open the data directory of the last run. Static voters work unchanged for 1 or N nodes.
 */
record KafkaServerProperties(
        int nodeId, int brokerPort, int controllerPort, Path logDir, List<Node> voters, Map<String, String> overrides) {

    /** Address of one controller of the quorum. */
    record Node(int nodeId, int controllerPort) {}

    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    KafkaServerProperties {
        if (voters.stream().noneMatch(v -> v.nodeId() == nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " must be one of the voters " + voters);
        }
        voters = List.copyOf(voters);
        overrides = Map.copyOf(overrides);
    }

    String bootstrapServer() {
        return FreePorts.LOOPBACK + ":" + brokerPort;
    }

    Map<String, String> toMap() {
        String host = FreePorts.LOOPBACK;
        // Internal topics cannot be more replicated than there are brokers; a single node needs 1 everywhere.
        String replication = Integer.toString(Math.min(3, voters.size()));
        String minIsr = voters.size() >= 3 ? "2" : "1";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put(
                "controller.quorum.voters",
                voters.stream()
                        .map(v -> v.nodeId() + "@" + host + ":" + v.controllerPort())
                        .collect(Collectors.joining(",")));
        p.put(
                "listeners",
                BROKER_LISTENER + "://" + host + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + host + ":"
                        + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // Topics come from the catalogue only; a typo in a topic name should fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", replication);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", replication);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", replication);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", replication);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("share.coordinator.state.topic.num.partitions", "3");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Small segments and cleaner buffers: laptop-sized data, and compaction that shows its effect soon.
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("log.retention.check.interval.ms", "60000");
        p.putAll(overrides);
        return p;
    }

    /** The file content, one {@code key=value} per line (values here never need escaping). */
    String render() {
        StringBuilder out = new StringBuilder("# Written by the Vantage local stack; rewritten at every start.\n");
        toMap().forEach((k, v) ->
                out.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return out.toString();
    }
}
