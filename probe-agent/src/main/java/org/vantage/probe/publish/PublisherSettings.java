package org.vantage.probe.publish;

import java.time.Duration;
import java.util.Objects;

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
 */
public record PublisherSettings(String bootstrapServers, String schemaRegistryUrl, String publisherId,
        Duration maxBlock, int batchSize) {

    public PublisherSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(publisherId, "publisherId");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
    }

    public String transactionalId() {
        return "vantage-probe." + publisherId;
    }

    /** Consumer group whose committed offset, written in each transaction, is the spool's Kafka-side checkpoint. */
    public String checkpointGroup() {
        return "vantage-probe-spool." + publisherId;
    }
}
