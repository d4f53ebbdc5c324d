package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Outcome;
import org.vantage.stack.LocalStack;

/**
 * The stream processor, a child JVM ({@code StreamProcessorMain}), is killed with SIGKILL
 * while an incident is open - at several moments - and restarted on the same state directory, while the
 * probes' traffic keeps arriving. An independent checker reads the alerts with {@code read_committed} and
 * requires: every alert id once, one incident, sequence numbers 1..n without gap or repeat, the lifecycle
 * OPENED -> UPDATED* -> RESOLVED, and the same opening and resolution as the reference run of the same input
 * without any crash.
 */
@Tag("integration")
class ProcessorCrashTest {
    static final List<String> BLOCKED = List.of("twitter", "youtube");
    static final int ONSET = 5;
    static final int RECOVERY = 13;
    static final int END = 21;
    /** Wall-clock pause between two minutes of event time: the processor works near real time, not on a backlog. */
    static final Duration PACE = Duration.ofMillis(1500);

    @TempDir
    static Path dir;

    static LocalStack stack;
    static DetectorProcess processor;
    static final String APP_ID =
            "vantage-detect-crash-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder().dataDir(dir.resolve("stack")).start();
    }

    @AfterAll
    static void stopStack() {
        if (processor != null && processor.isAlive()) {
            try {
                processor.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stack != null) {
            stack.close();
        }
        ReliabilityFigures.publish();
    }

    @Test
    void killingTheProcessorDuringAnOpenIncidentLosesAndDuplicatesNoAlert() throws Exception {
        List<NetworkInfo> pk = stack.networks().stream()
                .filter(n -> n.getCountry().equals("PK"))
                .toList();
        Instant start = Instant.now().minus(25, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        Fleet traffic = Fleet.ofReference(
                pk, 3, start, "crash-" + UUID.randomUUID().toString().substring(0, 6), 5);
        Fleet.Conditions block = Fleet.block(BLOCKED, ONSET, RECOVERY, Outcome.TLS_RESET);
        List<List<Fleet.Event>> minutes =
                IntStream.range(0, END).mapToObj(m -> traffic.round(m, block)).toList();

        List<DisruptionAlert> expected;
        try (DetectionHarness reference = new DetectionHarness(DetectionThresholds.defaults(), start)) {
            reference.reference(Fleet.networks(pk));
            minutes.forEach(reference::pipe);
            expected = reference.alerts();
        }

        List<ConsumerRecord<String, DisruptionAlert>> alerts = new ArrayList<>();
        List<String> kills = new ArrayList<>();
        processor = startProcessor();
        try (KafkaProducer<String, SpecificRecord> producer = StackClients.avroProducer(stack);
                KafkaConsumer<String, DisruptionAlert> checker = StackClients.alertConsumer(stack)) {
            processor.awaitRunning(Duration.ofSeconds(90));
            int m = 0;
            // the onset and enough minutes of evidence to open the incident, then wait until it is open
            for (; m < ONSET + 4; m++) {
                StackClients.send(producer, minutes.get(m));
                pollFor(checker, alerts, PACE);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!seen(alerts, AlertStatus.OPENED) && System.nanoTime() < deadline) {
                pollFor(checker, alerts, Duration.ofMillis(500));
            }
            assertThat(seen(alerts, AlertStatus.OPENED))
                    .as("incident opened; processor log:\n" + processor.logTail())
                    .isTrue();
            assertThat(seen(alerts, AlertStatus.RESOLVED)).isFalse();
            // kill 1: right after the incident opened, with the block still going on
            kills.add("event minute " + (m - 1) + ", incident open, " + alerts.size() + " alert(s) seen");
            processor = crashAndRestart(processor);
            // the traffic keeps coming while the processor is down and restarting: the recovery begins
            for (; m <= RECOVERY + 1; m++) {
                StackClients.send(producer, minutes.get(m));
                pollFor(checker, alerts, PACE);
            }
            // kill 2: during the recovery (resolution needs several clean windows), while the restarted instance
            // restores its state and catches up
            assertThat(seen(alerts, AlertStatus.RESOLVED))
                    .as("still open at the second kill")
                    .isFalse();
            kills.add("event minute " + (m - 1) + ", recovery under way, " + alerts.size() + " alert(s) seen");
            processor = crashAndRestart(processor);
            for (; m < END; m++) {
                StackClients.send(producer, minutes.get(m));
                pollFor(checker, alerts, PACE);
            }
            deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (System.nanoTime() < deadline && !seen(alerts, AlertStatus.RESOLVED)) {
                pollFor(checker, alerts, Duration.ofSeconds(1));
                assertThat(processor.isAlive())
                        .as("processor alive; log:\n" + processor.logTail())
                        .isTrue();
            }
            pollFor(checker, alerts, Duration.ofSeconds(3)); // a duplicate arriving late would be seen
        } finally {
            if (processor.isAlive()) {
                processor.kill();
            }
        }

        List<DisruptionAlert> actual = StackClients.values(alerts);
        String described = actual.stream()
                .map(a -> a.getSequence() + ":" + a.getStatus() + ":"
                        + a.getAlertId().substring(0, 8))
                .collect(Collectors.joining(", "));
        long duplicates = actual.size()
                - actual.stream().map(DisruptionAlert::getAlertId).distinct().count();
        ReliabilityFigures.duplicates(duplicates);
        ReliabilityFigures.faults(kills.size(), kills.size());
        ReliabilityFigures.line(
                "Processor kill -9 (child JVM, exactly_once_v2, same state dir)",
                kills.size() + " SIGKILLs at " + kills + "; alerts read_committed: [" + described
                        + "]; reference without crash: "
                        + expected.stream()
                                .map(a -> a.getSequence() + ":" + a.getStatus())
                                .toList());

        assertThat(duplicates).as("alert ids unique: " + described).isZero();
        assertThat(actual)
                .extracting(DisruptionAlert::getIncidentId)
                .as(described)
                .containsOnly(actual.get(0).getIncidentId());
        assertThat(actual)
                .extracting(DisruptionAlert::getSequence)
                .as("sequence 1..n: " + described)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, actual.size()).boxed().toList());
        assertThat(actual.get(0).getStatus()).isEqualTo(AlertStatus.OPENED);
        assertThat(actual.get(actual.size() - 1).getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(actual.subList(1, actual.size() - 1))
                .extracting(DisruptionAlert::getStatus)
                .as(described)
                .allMatch(s -> s == AlertStatus.UPDATED);
        assertThat(actual.get(0).getClassification()).isEqualTo(Classification.PLATFORM_RESTRICTION);
        assertThat(MalformedInputTest.signature(actual.get(0)))
                .isEqualTo(MalformedInputTest.signature(expected.get(0)));
        DisruptionAlert resolved = actual.get(actual.size() - 1);
        DisruptionAlert expectedResolved = expected.get(expected.size() - 1);
        assertThat(resolved.getEndTime()).isEqualTo(expectedResolved.getEndTime());
        assertThat(resolved.getStartTime()).isEqualTo(expectedResolved.getStartTime());
    }

    static boolean seen(List<ConsumerRecord<String, DisruptionAlert>> alerts, AlertStatus status) {
        return alerts.stream().anyMatch(a -> a.value().getStatus() == status);
    }

    static void pollFor(
            KafkaConsumer<String, DisruptionAlert> consumer,
            List<ConsumerRecord<String, DisruptionAlert>> into,
            Duration d) {
        StackClients.pollUntil(consumer, into, l -> false, Duration.ZERO, d);
    }

    DetectorProcess crashAndRestart(DetectorProcess running) throws Exception {
        running.kill();
        return startProcessor();
    }

    /** The processor on the same application id and state directory every time, as a supervisor would restart it. */
    static DetectorProcess startProcessor() throws IOException {
        return DetectorProcess.start(
                stack,
                dir.resolve("processor.log"),
                Map.of(
                        "VANTAGE_APPLICATION_ID",
                        APP_ID,
                        "VANTAGE_STATE_DIR",
                        dir.resolve("processor-state").toString(),
                        "VANTAGE_COMMIT_INTERVAL",
                        "100ms",
                        "VANTAGE_COUNTRY_WAIT_TIMEOUT",
                        "30s"),
                DetectorProcess.DEFAULT_CLIENT_PROPERTIES);
    }
}
