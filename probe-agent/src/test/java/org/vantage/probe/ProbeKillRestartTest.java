package org.vantage.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.probe.publish.MeasurementCodec;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolRecord;
import org.vantage.probe.testing.TopicReader;
import org.vantage.schema.Measurement;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;

/**
 * The agent runs as a child JVM measuring a loopback HTTP target while the broker is
 * down, is killed with SIGKILL, restarted, killed again while it drains into the returned broker, and
 * restarted once more; every measurement it ever spooled must be in the topic exactly once
 * (read_committed).
 */
@Tag("integration")
class ProbeKillRestartTest {

    private static final Pattern MEASUREMENT_LOG = Pattern.compile("event=measurement id=([0-9a-f-]{36})");
    private static final String PROBE_ID = "kill-test-probe";

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private HttpServer target;

    @AfterEach
    void cleanUp() {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void everyMeasurementReachesTheTopicExactlyOnceAcrossKillNineAndBrokerOutage() throws Exception {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        target.createContext("/", exchange -> {
            byte[] body = "<html><title>ok</title>hello</html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        target.start();
        int port = target.getAddress().getPort();

        try (LocalStack stack = LocalStack.builder()
                .dataDir(dir.resolve("stack"))
                .brokerHeap("384m")
                .start()) {
            Path spoolDir = dir.resolve("spool");
            Path config = writeConfig(stack, spoolDir, port);

            // 1. Broker down: the agent measures into its spool.
            stack.broker().stop();
            Process first = startAgent(config, dir.resolve("run1.log"));
            awaitLogCount(dir.resolve("run1.log"), 15, Duration.ofSeconds(60));
            first.destroyForcibly().waitFor();
            List<String> spooledAfterFirstKill = spooledIds(spoolDir);
            assertThat(spooledAfterFirstKill).hasSizeGreaterThanOrEqualTo(15);

            // 2. Restart while the broker is still down, then bring the broker back and kill the agent again
            //    while it drains (small batches: several transactions).
            Process second = startAgent(config, dir.resolve("run2.log"));
            awaitLogCount(dir.resolve("run2.log"), 5, Duration.ofSeconds(60));
            stack.broker().restart();
            awaitLog(dir.resolve("run2.log"), "event=publisher_connected", Duration.ofSeconds(60));
            // Kill as soon as the first transactions are visible: usually in the middle of the drain.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (measurementsOf(stack).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            second.destroyForcibly().waitFor();
            System.out.printf(
                    "after second kill: spooled=%d in topic=%d%n",
                    spooledIds(spoolDir).size(), measurementsOf(stack).size());

            // 3. Restart once more; let it catch up, then stop it cleanly (SIGTERM: it drains before exiting).
            Process third = startAgent(config, dir.resolve("run3.log"));
            Set<String> mustArrive = new HashSet<>(spooledIds(spoolDir));
            awaitInTopic(stack, mustArrive, Duration.ofSeconds(120));
            third.destroy();
            assertThat(third.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            List<String> everSpooled = spooledIds(spoolDir);
            Set<String> logged = new HashSet<>();
            for (String run : List.of("run1.log", "run2.log", "run3.log")) {
                logged.addAll(loggedIds(dir.resolve(run)));
            }
            // Every measurement the agent reported as spooled survived the kills.
            assertThat(everSpooled).containsAll(logged);
            assertThat(everSpooled).doesNotHaveDuplicates();

            List<ConsumerRecord<String, Measurement>> records = measurementsOf(stack);
            System.out.printf(
                    "spooled after first kill=%d, ever spooled=%d, logged=%d, in topic=%d%n",
                    spooledAfterFirstKill.size(), everSpooled.size(), logged.size(), records.size());
            Map<String, Long> counts = records.stream()
                    .collect(Collectors.groupingBy(r -> r.value().getMeasurementId(), Collectors.counting()));
            assertThat(counts.entrySet())
                    .allSatisfy(e -> assertThat(e.getValue())
                            .as("copies of %s", e.getKey())
                            .isEqualTo(1L));
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(everSpooled);
            assertThat(records).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo("PK:17557");
                assertThat(r.timestamp())
                        .as("record timestamp = publish time")
                        .isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(3_600_000L));
            });
        }
    }

    private Path writeConfig(LocalStack stack, Path spoolDir, int port) throws IOException {
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, """
                version: "kill-test"
                targets:
                  - { platform: control, host: 127.0.0.1, url: "http://127.0.0.1:%d/" }
                  - { platform: twitter, host: 127.0.0.1, url: "http://127.0.0.1:%d/x" }
                """.formatted(port, port));
        Path config = dir.resolve("probe.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "probe.id=" + PROBE_ID,
                        "probe.country=PK",
                        "probe.asn=17557",
                        "probe.network-type=fixed",
                        "kafka.bootstrap-servers=" + stack.bootstrapServers(),
                        "kafka.schema-registry-url=" + stack.registryUrl(),
                        "kafka.max-block=2s",
                        "kafka.publish-batch=4",
                        "spool.dir=" + spoolDir,
                        "schedule.interval=150ms",
                        "schedule.jitter=0",
                        "schedule.concurrency=2",
                        "targets.file=" + targets,
                        "fleet-config.enabled=false",
                        "heartbeat.interval=1s",
                        "metrics.port=-1",
                        ""));
        return config;
    }

    private Process startAgent(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ProbeMain.class.getName(),
                "probe",
                "--config",
                config.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static List<String> loggedIds(Path log) throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.exists(log)) {
            return ids;
        }
        Matcher m = MEASUREMENT_LOG.matcher(Files.readString(log, StandardCharsets.UTF_8));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static void awaitLogCount(Path log, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (loggedIds(log).size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + n + " measurements logged in " + log + ":\n" + tail(log));
            }
            Thread.sleep(100);
        }
    }

    private static void awaitLog(Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + text + "' not logged in " + log + ":\n" + tail(log));
            }
            Thread.sleep(50);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static List<String> spooledIds(Path spoolDir) {
        List<String> ids = new ArrayList<>();
        for (SpoolRecord r : Spool.scan(spoolDir)) {
            ids.add(MeasurementCodec.decode(r.value()).getMeasurementId());
        }
        return ids;
    }

    private static List<ConsumerRecord<String, Measurement>> measurementsOf(LocalStack stack) {
        return TopicReader.readAll(
                        stack.bootstrapServers(),
                        stack.registryUrl(),
                        VantageTopic.MEASUREMENTS.topicName(),
                        Measurement.class)
                .stream()
                .filter(r -> r.value().getProbeId().equals(PROBE_ID))
                .toList();
    }

    private static void awaitInTopic(LocalStack stack, Set<String> ids, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> present = measurementsOf(stack).stream()
                    .map(r -> r.value().getMeasurementId())
                    .collect(Collectors.toSet());
            if (present.containsAll(ids)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                Set<String> missing = new HashSet<>(ids);
                missing.removeAll(present);
                throw new AssertionError(missing.size() + " spooled measurements never reached the topic");
            }
            Thread.sleep(1000);
        }
    }
}
