package org.vantage.probe.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.vantage.kafka.ClientProperties;
import org.vantage.registry.serde.AvroSerdeConfig;

/**
 * Where and how to publish.
 *
 * @param bootstrapServers  Kafka bootstrap servers
 * @param schemaRegistryUrl registry for the Avro serializer ({@code schema.registry.url})
 * @param publisherId       stable id of this publisher (the probe id): names the Kafka transactional id
 *                          and the group that holds the spool checkpoint, so it must not be shared by two
 *                          running publishers and must stay the same across restarts of one spool
 * @param maxBlock          how long a Kafka call may block before Kafka counts as unreachable
 * @param batchSize         most spooled records sent in one transaction
 * @param clientProperties  Kafka client settings from {@code kafka.client-properties} (security, timeouts)
 *                          and registry settings for the serializers, under the publisher's own settings
 * @param signer            signs the records of the probes it has credentials of ({@code probe.credentials})
 */
public record PublisherSettings(
        String bootstrapServers,
        String schemaRegistryUrl,
        String publisherId,
        Duration maxBlock,
        int batchSize,
        ClientProperties clientProperties,
        RecordSigner signer) {

    public PublisherSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(publisherId, "publisherId");
        Objects.requireNonNull(clientProperties, "clientProperties");
        Objects.requireNonNull(signer, "signer");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
    }

    /** Settings of a publisher that signs nothing. */
    public PublisherSettings(
            String bootstrapServers,
            String schemaRegistryUrl,
            String publisherId,
            Duration maxBlock,
            int batchSize,
            ClientProperties clientProperties) {
        this(
                bootstrapServers,
                schemaRegistryUrl,
                publisherId,
                maxBlock,
                batchSize,
                clientProperties,
                RecordSigner.none());
    }

    public PublisherSettings withSigner(RecordSigner s) {
        return new PublisherSettings(
                bootstrapServers, schemaRegistryUrl, publisherId, maxBlock, batchSize, clientProperties, s);
    }

    /** Settings without a client properties file (plaintext Kafka). */
    public PublisherSettings(
            String bootstrapServers, String schemaRegistryUrl, String publisherId, Duration maxBlock, int batchSize) {
        this(bootstrapServers, schemaRegistryUrl, publisherId, maxBlock, batchSize, ClientProperties.none());
    }

    public String transactionalId() {
        return "vantage-probe." + publisherId;
    }

    /** Consumer group whose committed offset, written in each transaction, is the spool's Kafka-side checkpoint. */
    public String checkpointGroup() {
        return "vantage-probe-spool." + publisherId;
    }

    /**
     * The producer settings measurements and heartbeats share: idempotent, acks=all, timeouts derived from
     * {@code maxBlock} (so an unreachable Kafka is noticed in that time), lz4, and the registry URL, on top
     * of the client properties.
     */
    public Map<String, Object> producerConfig(String clientId, int lingerMs) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        int maxBlockMs = (int) maxBlock.toMillis();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, maxBlockMs);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, maxBlockMs * 2 + lingerMs);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return clientProperties.merge(p);
    }

    /** Admin settings of the publisher (reading its checkpoint), with the same timeouts as the producer. */
    public Map<String, Object> adminConfig(String clientId) {
        Map<String, Object> a = new HashMap<>();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        int maxBlockMs = (int) maxBlock.toMillis();
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, maxBlockMs);
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, maxBlockMs);
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return clientProperties.merge(a);
    }
}
