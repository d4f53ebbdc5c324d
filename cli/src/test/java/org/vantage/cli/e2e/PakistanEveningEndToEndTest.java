package org.vantage.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.probe.ProbeMain;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;
import org.vantage.schema.TechniqueEvidence;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;
import picocli.CommandLine;

/**
 * The end-to-end proof: the shipped scenario of the Pakistan evening of 2024-01-20 is replayed by
 * the fleet simulator into a real broker through the real publisher and registry, the detector runs on
 * it, and the alerts topic is read back with the Confluent wire-format deserializer (read_committed).
 */
@Tag("integration")
class PakistanEveningEndToEndTest {

    private static final Set<String> BLOCKED = Set.of("twitter", "facebook", "instagram", "youtube");
    private static final Set<Long> MAIN_NETWORKS = Set.of(17557L, 45669L, 59257L, 24499L, 23674L, 9541L);
    private static final Instant ONSET = Instant.parse("2024-01-20T13:40:00Z");
    private static final Instant RECOVERY = Instant.parse("2024-01-20T17:00:00Z");

    @TempDir
    static Path dir;

    static LocalStack stack;
    static DetectionService detector;
    static final List<DisruptionAlert> alerts = new ArrayList<>();

    @BeforeAll
    static void replayTheEvening() throws Exception {
        stack = LocalStack.builder().dataDir(dir.resolve("stack")).start();
        ProcessorConfig.Builder processor = ProcessorConfig.builder();
        processor.bootstrapServers(stack.bootstrapServers());
        processor.schemaRegistryUrl(stack.registryUrl());
        processor.stateDir(dir.resolve("state"));
        processor.httpPort(0);
        processor.set(
                ProcessorSettings.MAX_AGE,
                Duration.ofDays(Duration.between(ONSET, Instant.now()).toDays() + 2)); // a replay
        detector = DetectionService.start(processor.build(), "127.0.0.1");

        int exit = new CommandLine(new ProbeMain())
                .execute(
                        "simulate",
                        "pk-2024-01-20",
                        "--bootstrap-servers",
                        stack.bootstrapServers(),
                        "--schema-registry-url",
                        stack.registryUrl(),
                        "--unpaced",
                        "--spool-dir",
                        dir.resolve("spool").toString(),
                        "--progress",
                        "30s");
        assertThat(exit).as("simulator exit code").isZero();

        try (KafkaConsumer<String, DisruptionAlert> consumer = alertConsumer()) {
            consumer.subscribe(List.of(VantageTopic.ALERTS.topicName()));
            long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            while (System.nanoTime() < deadline
                    && alerts.stream().noneMatch(a -> a.getStatus() == AlertStatus.RESOLVED)) {
                for (ConsumerRecord<String, DisruptionAlert> rec : consumer.poll(Duration.ofMillis(500))) {
                    alerts.add(rec.value());
                }
            }
            // anything emitted right after the resolution (there should be nothing) is caught too
            for (ConsumerRecord<String, DisruptionAlert> rec : consumer.poll(Duration.ofSeconds(3))) {
                alerts.add(rec.value());
            }
        }
    }

    @AfterAll
    static void stop() {
        if (detector != null) {
            detector.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneNationwidePlatformRestrictionOpensWithinThreeMinutesOfOnset() {
        List<DisruptionAlert> opened =
                alerts.stream().filter(a -> a.getStatus() == AlertStatus.OPENED).toList();
        assertThat(opened).as("OPENED alerts: %s", headlines()).hasSize(1);
        DisruptionAlert alert = opened.get(0);
        assertThat(alert.getCountry()).isEqualTo("PK");
        assertThat(alert.getClassification()).isEqualTo(Classification.PLATFORM_RESTRICTION);
        assertThat(alert.getScope()).isEqualTo(Scope.NATIONWIDE);
        assertThat(Set.copyOf(alert.getPlatforms())).isEqualTo(BLOCKED);
        assertThat(alert.getNetworks().stream().map(AffectedNetwork::getAsn).collect(Collectors.toSet()))
                .isEqualTo(MAIN_NETWORKS);
        assertThat(alert.getStartTime()).isBetween(ONSET, ONSET.plus(Duration.ofMinutes(3)));
        assertThat(alert.getLastUpdateTime())
                .as("evidence time of the OPENED alert")
                .isBeforeOrEqualTo(ONSET.plus(Duration.ofMinutes(3)));
        assertThat(alert.getTechniques())
                .extracting(TechniqueEvidence::getTechnique)
                .first()
                .isEqualTo(Technique.TLS_SNI_FILTERING);
        assertThat(alert.getSampleMeasurementIds()).isNotEmpty();
    }

    @Test
    void theIncidentResolvesWithinFiveMinutesOfRecoveryAndItsLifecycleIsIntact() {
        String incident = alerts.get(0).getIncidentId();
        List<DisruptionAlert> lifecycle =
                alerts.stream().filter(a -> a.getIncidentId().equals(incident)).toList();
        assertThat(lifecycle.get(0).getStatus()).isEqualTo(AlertStatus.OPENED);
        DisruptionAlert last = lifecycle.get(lifecycle.size() - 1);
        assertThat(last.getStatus())
                .as("last state of %s: %s", incident, headlines())
                .isEqualTo(AlertStatus.RESOLVED);
        assertThat(last.getEndTime()).isBetween(RECOVERY, RECOVERY.plus(Duration.ofMinutes(5)));
        assertThat(lifecycle)
                .extracting(DisruptionAlert::getSequence)
                .as("sequence numbers are contiguous from 1")
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, lifecycle.size())
                        .boxed()
                        .toList());
        assertThat(lifecycle).extracting(DisruptionAlert::getAlertId).doesNotHaveDuplicates();
    }

    @Test
    void noOtherIncidentIsInventedFromTheHealthyNoise() {
        assertThat(alerts)
                .extracting(DisruptionAlert::getIncidentId)
                .as(headlines())
                .containsOnly(alerts.get(0).getIncidentId());
    }

    private static String headlines() {
        return alerts.stream()
                .map(a -> a.getStatus() + " " + a.getHeadline())
                .collect(Collectors.joining("\n", "\n", ""));
    }

    private static KafkaConsumer<String, DisruptionAlert> alertConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<DisruptionAlert> values = new AvroDeserializer<>(DisruptionAlert.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }
}
