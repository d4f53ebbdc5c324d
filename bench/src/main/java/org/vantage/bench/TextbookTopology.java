package org.vantage.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.vantage.registry.serde.AvroSerde;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.schema.Measurement;
import org.vantage.topics.VantageTopic;

/**
 * The topology a Kafka Streams user writes first for "failures per network and platform": decode every
 * measurement with the Avro serde, re-key it by country/ASN/platform (so every raw measurement crosses a
 * repartition topic), count it in hopping windows (5 min, advancing by 1 min: each measurement updates five
 * windows), and write the counts out. The baseline the detection topology is compared with.
 */
final class TextbookTopology {
    static final String OUTPUT_TOPIC = "bench.textbook-counts";
    static final Duration SIZE = Duration.ofMinutes(5);
    static final Duration ADVANCE = Duration.ofMinutes(1);
    static final Duration GRACE = Duration.ofMinutes(5);

    private TextbookTopology() {}

    static Topology build(String registryUrl, AtomicLong processed) {
        AvroSerde<Measurement> measurementSerde = AvroSerde.of(Measurement.class);
        measurementSerde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        StreamsBuilder b = new StreamsBuilder();
        b.stream(
                        VantageTopic.MEASUREMENTS.topicName(),
                        Consumed.with(Serdes.String(), measurementSerde).withName("measurements"))
                .peek((k, m) -> processed.incrementAndGet(), Named.as("count-input"))
                .selectKey(
                        (k, m) -> m.getCountry() + "|" + m.getAsn() + "|" + m.getPlatform(),
                        Named.as("by-network-platform"))
                .groupByKey(Grouped.with("by-network-platform", Serdes.String(), measurementSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(SIZE, GRACE).advanceBy(ADVANCE))
                .count(Named.as("window-count"), Materialized.as("window-counts"))
                .toStream(Named.as("counts"))
                .to(
                        OUTPUT_TOPIC,
                        Produced.with(
                                        WindowedSerdes.timeWindowedSerdeFrom(String.class, SIZE.toMillis()),
                                        Serdes.Long())
                                .withName("counts-sink"));
        return b.build();
    }

    /**
     * The cheapest Kafka Streams applications on the same topic: nothing stored, nothing written; with
     * {@code registryUrl} null nothing is decoded either, otherwise every value is decoded with the project's Avro
     * serde and dropped. Their rates are the ceiling of any per-record Kafka Streams topology on this machine under
     * the same guarantee and commit interval, which puts the (d)/(a) target in perspective.
     */
    static Topology floor(String registryUrl, AtomicLong processed) {
        StreamsBuilder b = new StreamsBuilder();
        if (registryUrl == null) {
            b.stream(
                            VantageTopic.MEASUREMENTS.topicName(),
                            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                                    .withName("measurements"))
                    .foreach((k, v) -> processed.incrementAndGet(), Named.as("count-input"));
        } else {
            AvroSerde<Measurement> measurementSerde = AvroSerde.of(Measurement.class);
            measurementSerde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
            b.stream(
                            VantageTopic.MEASUREMENTS.topicName(),
                            Consumed.with(Serdes.String(), measurementSerde).withName("measurements"))
                    .foreach((k, m) -> processed.incrementAndGet(), Named.as("count-input"));
        }
        return b.build();
    }
}
