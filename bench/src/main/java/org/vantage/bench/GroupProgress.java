package org.vantage.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (a Kafka Streams application id) got, from its committed offsets: the
 * instrument the throughput runs use, so it works the same for one or two instances in other JVMs.
 */
final class GroupProgress {
    private final Admin admin;

    GroupProgress(Admin admin) {
        this.admin = admin;
    }

    /** Latest offsets of every partition of {@code topic}. */
    Map<TopicPartition, Long> endOffsets(String topic) throws ExecutionException, InterruptedException {
        int partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            req.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r =
                admin.listOffsets(req).all().get();
        return r.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    Map<TopicPartition, OffsetAndMetadata> committed(String group) throws ExecutionException, InterruptedException {
        return admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
    }

    /** Records of {@code ends} the group has committed past (each partition capped at its end). */
    static long consumed(Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
        long n = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata om = committed.get(e.getKey());
            if (om != null) {
                n += Math.min(om.offset(), e.getValue());
            }
        }
        return n;
    }

    /**
     * Bytes on the broker(s) of the changelog topics of application {@code appId} ({@code <appId>-<store>-changelog}): what
     * its stores wrote to Kafka, and what a restore from scratch reads. Changelogs are compacted, but not their active
     * segment, so over a run the difference of two readings is what was written.
     */
    long changelogBytes(String appId) throws ExecutionException, InterruptedException {
        List<Integer> brokers =
                admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        long bytes = 0;
        for (Map<String, LogDirDescription> dirs :
                admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (LogDirDescription d : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> e : d.replicaInfos().entrySet()) {
                    String topic = e.getKey().topic();
                    if (topic.startsWith(appId + "-") && topic.endsWith("-changelog")) {
                        bytes += e.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    /** Records the group still has to consume on every committed partition other than those of {@code input}. */
    long downstreamBacklog(String group, String input, boolean transactional)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> c = committed(group);
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        for (TopicPartition tp : c.keySet()) {
            if (!tp.topic().equals(input)) {
                req.put(tp, OffsetSpec.latest());
            }
        }
        if (req.isEmpty()) {
            return 0;
        }
        long backlog = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(req).all().get().entrySet()) {
            long lag = e.getValue().offset() - c.get(e.getKey()).offset();
            // a transactional writer's last commit marker sits behind the last record and is never "consumed"
            backlog += Math.max(0, transactional ? lag - 1 : lag);
        }
        return backlog;
    }
}
