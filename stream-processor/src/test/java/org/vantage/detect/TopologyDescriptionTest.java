package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.model.DetectionMetrics;

/**
 * The topology as Kafka Streams describes it, built from the production configuration, against a checked-in
 * copy: a change to the topology (a processor, store or topic added, renamed or moved) must update
 * {@code src/test/resources/topology.txt} on purpose, so that reviewers see it. Renaming a store or an internal
 * topic orphans its changelog or repartition topic in every running deployment.
 */
class TopologyDescriptionTest {
    static final Path GOLDEN = Path.of("src/test/resources/topology.txt");
    static final String REGENERATE = "mvn -B -pl stream-processor -am test -Dtest=TopologyDescriptionTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dvantage.golden.write=true";

    @Test
    void theTopologyIsTheCheckedInOne() throws IOException {
        ProcessorConfig config = ProcessorConfig.builder()
                .bootstrapServers("unused:9092")
                .schemaRegistryUrl("mock://topology-description")
                .build();
        String description = VantageTopology.build(
                        config.thresholds(),
                        config.serdeConfig(),
                        new DetectionMetrics(new SimpleMeterRegistry()),
                        VantageTopology.StoreType.PERSISTENT,
                        config.streamsProperties())
                .describe()
                .toString();
        if (Boolean.getBoolean("vantage.golden.write")) {
            Files.writeString(GOLDEN, description, StandardCharsets.UTF_8);
        }
        assertThat(description)
                .as(
                        "the topology changed; if on purpose, regenerate %s with:%n  %s%nand review the difference",
                        GOLDEN, REGENERATE)
                .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
