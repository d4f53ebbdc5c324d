package org.vantage.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.vantage.detect.model.StoreNames;

/**
 * Which instance of the application holds a country's state (Kafka Streams' interactive-query metadata, from
 * every instance's {@code application.server}), so that any instance can answer for every country by forwarding
 * to the owner.
 */
public interface Instances {

    /** The instance owning the country's state when it is another one; empty when it is this one or not known yet. */
    Optional<HostInfo> remoteOwner(String country);

    /** Every other instance of the application (their HTTP host and port). */
    List<HostInfo> others();

    /** A single instance: everything is local. */
    Instances LOCAL = new Instances() {
        @Override
        public Optional<HostInfo> remoteOwner(String country) {
            return Optional.empty();
        }

        @Override
        public List<HostInfo> others() {
            return List.of();
        }
    };

    /**
     * @param streams the running client (a supplier: the HTTP server starts first, as its port goes into
     *                {@code application.server})
     * @param self    this instance's {@code application.server} (known once the HTTP server listens)
     */
    static Instances of(Supplier<KafkaStreams> streams, Supplier<HostInfo> self) {
        return new Instances() {
            @Override
            public Optional<HostInfo> remoteOwner(String country) {
                KafkaStreams s = streams.get();
                if (s == null) {
                    return Optional.empty();
                }
                // the country stage's stores are partitioned by the status topic's key, the country code
                KeyQueryMetadata md = s.queryMetadataForKey(
                        StoreNames.COUNTRY_STATE, country, Serdes.String().serializer());
                if (md == null
                        || md.equals(KeyQueryMetadata.NOT_AVAILABLE)
                        || md.activeHost().equals(self.get())) {
                    return Optional.empty();
                }
                return Optional.of(md.activeHost());
            }

            @Override
            public List<HostInfo> others() {
                KafkaStreams s = streams.get();
                if (s == null) {
                    return List.of();
                }
                return s.metadataForAllStreamsClients().stream()
                        .map(StreamsMetadata::hostInfo)
                        .filter(h -> !h.equals(self.get()))
                        .distinct()
                        .toList();
            }
        };
    }
}
