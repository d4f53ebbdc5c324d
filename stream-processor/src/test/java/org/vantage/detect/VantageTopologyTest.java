package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.model.DetectionMetrics;
import org.vantage.detect.model.StoreNames;
import org.vantage.registry.serde.AvroSerdeConfig;

class VantageTopologyTest {

    static Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "vantage-detect");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return p;
    }

    @Test
    void everyInternalResourceIsNamedExplicitly() {
        String description = VantageTopology.build(
                        DetectionThresholds.defaults(),
                        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://topology-test"),
                        new DetectionMetrics(new SimpleMeterRegistry()),
                        VantageTopology.StoreType.PERSISTENT,
                        props())
                .describe()
                .toString();

        assertThat(description)
                .contains(
                        "validate-measurements",
                        "summarise-networks",
                        "assess-countries",
                        "track-global-outage",
                        "global-status-repartition",
                        StoreNames.WINDOW_SUMMARIES,
                        StoreNames.COUNTRY_STATE);
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-");
    }

    @Test
    void theNamingCheckIsActive() {
        // the same setting rejects a topology with a generated repartition topic name, so the test above can fail
        StreamsBuilder b = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props())));
        b.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in"))
                .selectKey((k, v) -> v, Named.as("rekey"))
                .groupByKey()
                .count(Named.as("count"));
        assertThatThrownBy(() -> b.build(props())).isInstanceOf(TopologyException.class);
    }
}
