package org.vantage.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.vantage.topics.VantageTopic;

/**
 * Creates the topics of the catalogue {@link VantageTopic} and waits until every partition has a leader.
 *
 * <p>Idempotent: a topic that exists is left as it is, and compared with the catalogue. Partition count and
 * cleanup policy that differ are reported rather than changed, because fixing them silently would either
 * break key-to-partition placement (partitions) or drop data (cleanup policy).
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final short replicationFactor;
    private final int minInsyncReplicas;
    private final Duration timeout;

    /**
     * New topics get the broker's {@code min.insync.replicas}.
     *
     * @param admin             client of the target cluster; not closed here
     * @param replicationFactor replicas of new topics (1 for the single-node stack)
     * @param timeout           for each admin call and for the wait for leaders
     */
    public TopicProvisioner(Admin admin, short replicationFactor, Duration timeout) {
        this(admin, replicationFactor, 0, timeout);
    }

    /**
     * @param minInsyncReplicas {@code min.insync.replicas} set on each new topic (e.g. 2 with replication
     *                          factor 3); 0 leaves the broker default. Existing topics are not changed.
     */
    public TopicProvisioner(Admin admin, short replicationFactor, int minInsyncReplicas, Duration timeout) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
        }
        if (minInsyncReplicas < 0 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas must be 0 (broker default) or 1.."
                    + replicationFactor + " (the replication factor), got " + minInsyncReplicas);
        }
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
        this.timeout = timeout;
    }

    /** What provisioning found and did; {@code partitions} in the order the topics were given. */
    public record Report(
            List<VantageTopic> created,
            List<VantageTopic> existing,
            List<String> mismatches,
            Map<VantageTopic, Integer> partitions) {

        public boolean consistent() {
            return mismatches.isEmpty();
        }
    }

    public Report provisionAll() {
        return provision(EnumSet.allOf(VantageTopic.class));
    }

    public Report provision(Collection<VantageTopic> topics) {
        List<VantageTopic> created = new ArrayList<>();
        List<VantageTopic> existing = new ArrayList<>();
        CreateTopicsResult result =
                admin.createTopics(topics.stream().map(this::newTopic).collect(Collectors.toList()));
        for (VantageTopic topic : topics) {
            try {
                await(result.values().get(topic.topicName()));
                created.add(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new ProvisioningException(
                            "cannot create topic " + topic.topicName() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
                existing.add(topic);
            }
        }
        Map<VantageTopic, Integer> partitions = awaitLeaders(topics);
        List<String> mismatches = new ArrayList<>(checkExisting(existing, partitions));
        return new Report(List.copyOf(created), List.copyOf(existing), List.copyOf(mismatches), partitions);
    }

    private NewTopic newTopic(VantageTopic topic) {
        NewTopic request = topic.newTopic(replicationFactor);
        if (minInsyncReplicas > 0) {
            Map<String, String> configs = new LinkedHashMap<>(request.configs());
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
            request.configs(configs);
        }
        return request;
    }

    private List<String> checkExisting(List<VantageTopic> topics, Map<VantageTopic, Integer> partitions) {
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<ConfigResource, VantageTopic> resources = new LinkedHashMap<>();
        topics.forEach(t -> resources.put(new ConfigResource(ConfigResource.Type.TOPIC, t.topicName()), t));
        Map<ConfigResource, Config> configs;
        try {
            configs = await(admin.describeConfigs(resources.keySet()).all());
        } catch (ExecutionException e) {
            throw new ProvisioningException(
                    "cannot read topic configuration: " + e.getCause().getMessage(), e);
        }
        List<String> mismatches = new ArrayList<>();
        resources.forEach((resource, topic) -> {
            int actual = partitions.get(topic);
            if (actual != topic.partitions()) {
                mismatches.add(
                        topic.topicName() + " has " + actual + " partitions, the catalogue says " + topic.partitions());
            }
            var entry = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            Set<String> policy = entry == null ? Set.of() : Set.of(entry.value().split("\\s*,\\s*"));
            boolean compacted = policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
            if (compacted != topic.compacted()) {
                mismatches.add(topic.topicName() + " has cleanup.policy=" + (entry == null ? "?" : entry.value())
                        + ", the catalogue says " + (topic.compacted() ? "compact" : "delete"));
            }
        });
        return mismatches;
    }

    /** Polls until every partition of every topic has a leader; returns the partition counts. */
    private Map<VantageTopic, Integer> awaitLeaders(Collection<VantageTopic> topics) {
        Map<String, VantageTopic> byName = new LinkedHashMap<>();
        topics.forEach(t -> byName.put(t.topicName(), t));
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "";
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        await(admin.describeTopics(byName.keySet()).allTopicNames());
                List<String> leaderless = new ArrayList<>();
                descriptions
                        .values()
                        .forEach(d -> d.partitions().stream()
                                .filter(p -> p.leader() == null || p.leader().isEmpty())
                                .forEach(p -> leaderless.add(d.name() + "-" + p.partition())));
                if (leaderless.isEmpty()) {
                    Map<VantageTopic, Integer> counts = new LinkedHashMap<>();
                    byName.forEach((name, topic) -> counts.put(
                            topic, descriptions.get(name).partitions().size()));
                    return Collections.unmodifiableMap(counts);
                }
                lastProblem = "partitions without a leader: " + leaderless;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new ProvisioningException(
                            "cannot describe topics: " + e.getCause().getMessage(), e);
                }
                lastProblem = e.getCause().getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new ProvisioningException("topics not ready within " + timeout + ": " + lastProblem, null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted while waiting for topic leaders", e);
            }
        }
    }

    private <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ProvisioningException("the cluster did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted", e);
        }
    }

    /** Provisioning could not complete; the message says which topic and why. */
    public static final class ProvisioningException extends RuntimeException {
        ProvisioningException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
