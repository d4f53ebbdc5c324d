package org.vantage.probe.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.publish.HeartbeatPublisher;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.probe.publish.SpoolingPublisher;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolOptions;
import org.vantage.probe.testing.TopicReader;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;

/** A short scenario through the real publishing path into a real broker: the topic holds what the scenario says. */
@Tag("integration")
class SimulatorKafkaTest {

    @TempDir
    Path dir;

    @Test
    void scenarioCountsArriveInTheTopicsPerPlatformAndOutcome() throws Exception {
        try (LocalStack stack = LocalStack.builder()
                .dataDir(dir.resolve("stack"))
                .brokerHeap("384m")
                .start()) {
            ProbeMetrics metrics = new ProbeMetrics(new SimpleMeterRegistry());
            PublisherSettings ps = new PublisherSettings(
                    stack.bootstrapServers(), stack.registryUrl(), "sim-test", Duration.ofSeconds(5), 50);
            SimulationStats stats;
            try (Spool spool = Spool.open(dir.resolve("spool"), SpoolOptions.defaults())) {
                PublisherSink sink = new PublisherSink(
                        new SpoolingPublisher(ps, spool, metrics),
                        new HeartbeatPublisher(ps, metrics),
                        metrics,
                        Duration.ofSeconds(60));
                stats = new FleetSimulator(
                                FleetSimulatorTest.exact(), sink, Pacing.asFastAsPossible(), Duration.ofSeconds(1))
                        .run();
                sink.close();
                assertThat(spool.depth()).isZero();
            }
            List<ConsumerRecord<String, Measurement>> ms = TopicReader.readAll(
                    stack.bootstrapServers(),
                    stack.registryUrl(),
                    VantageTopic.MEASUREMENTS.topicName(),
                    Measurement.class);
            Map<String, Map<Outcome, Long>> counts = ms.stream()
                    .map(ConsumerRecord::value)
                    .collect(Collectors.groupingBy(
                            Measurement::getPlatform,
                            Collectors.groupingBy(Measurement::getOutcome, Collectors.counting())));
            assertThat(counts).isEqualTo(FleetSimulatorTest.EXPECTED);
            assertThat(counts).isEqualTo(stats.byPlatform());
            assertThat(ms).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo("PK:" + r.value().getAsn());
                assertThat(r.timestamp())
                        .as("record timestamp = publish time")
                        .isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(3_600_000L));
            });
            assertThat(ms.stream()
                            .map(r -> r.value().getMeasurementId())
                            .distinct()
                            .count())
                    .isEqualTo(ms.size());

            List<ConsumerRecord<String, ProbeHeartbeat>> hbs = TopicReader.readAll(
                    stack.bootstrapServers(),
                    stack.registryUrl(),
                    VantageTopic.HEARTBEATS.topicName(),
                    ProbeHeartbeat.class);
            assertThat(hbs).hasSize((int) FleetSimulatorTest.EXPECTED_HEARTBEATS);
            assertThat(hbs)
                    .allSatisfy(
                            r -> assertThat(r.key()).isEqualTo("PK:" + r.value().getAsn()));
        }
    }
}
