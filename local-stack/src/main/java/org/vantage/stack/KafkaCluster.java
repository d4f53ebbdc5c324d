package org.vantage.stack;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Several {@link KafkaBrokerProcess} nodes forming one KRaft cluster (every node broker and controller),
 * for tests of replication and broker failure. Start with
 * {@code KafkaBrokerProcess.builder().dataDir(dir).startCluster(3)}.
 */
public final class KafkaCluster implements AutoCloseable {

    private final List<KafkaBrokerProcess> nodes;

    KafkaCluster(List<KafkaBrokerProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public List<KafkaBrokerProcess> nodes() {
        return nodes;
    }

    /** The node with the given id (1..size). */
    public KafkaBrokerProcess node(int nodeId) {
        return nodes.stream()
                .filter(n -> n.nodeId() == nodeId)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("no node " + nodeId + " in a cluster of " + nodes.size()));
    }

    /** Every node's client listener, comma separated. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaBrokerProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    /**
     * Stops all nodes at once: stopped one by one, the last ones would lose their quorum and wait for it
     * while shutting down.
     */
    @Override
    public void close() {
        CompletableFuture.allOf(nodes.stream()
                        .map(n -> CompletableFuture.runAsync(n::stop))
                        .toArray(CompletableFuture[]::new))
                .join();
    }
}
