package org.vantage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vantage.kafka.ClientProperties;
import org.vantage.stack.LocalStack;

/**
 * The stream processor in a child JVM ({@code StreamProcessorMain}, the production entry point) against a
 * {@link LocalStack}, configured through {@code VANTAGE_*} variables and a Kafka client properties file as an operator
 * would, its output appended to a log file. It can be killed with SIGKILL and started again on the same state
 * directory.
 */
final class DetectorProcess {
    /** Default client tuning: a restarted instance gets its tasks back after 10 s instead of the 45 s default session. */
    static final String DEFAULT_CLIENT_PROPERTIES = "session.timeout.ms=10000\n";

    private final Process process;
    private final Path log;
    private final long logOffset;

    private DetectorProcess(Process process, Path log, long logOffset) {
        this.process = process;
        this.log = log;
        this.logOffset = logOffset;
    }

    /**
     * Starts an instance. {@code env} holds the {@code VANTAGE_*} settings (application id, state directory, ...);
     * {@code clientProperties} is written next to the log and given as {@code VANTAGE_KAFKA_CLIENT_PROPERTIES}.
     */
    static DetectorProcess start(LocalStack stack, Path log, Map<String, String> env, String clientProperties)
            throws IOException {
        long offset = Files.exists(log) ? Files.size(log) : 0;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "org.vantage.detect.StreamProcessorMain",
                "--bootstrap-servers",
                stack.bootstrapServers(),
                "--schema-registry-url",
                stack.registryUrl(),
                "--http-port",
                "0",
                "--http-host",
                "127.0.0.1"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Path properties = log.resolveSibling(log.getFileName() + ".client.properties");
        Files.writeString(properties, clientProperties);
        pb.environment().put(ClientProperties.ENV, properties.toString());
        return new DetectorProcess(pb.start(), log, offset);
    }

    /** Waits for this incarnation's "streams state ... -> RUNNING" log line. */
    DetectorProcess awaitRunning(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)
                    && Files.size(log) > logOffset
                    && new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                            .substring((int) logOffset)
                            .contains("-> RUNNING")) {
                return this;
            }
            assertThat(process.isAlive())
                    .as("processor alive; log:\n" + logTail())
                    .isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("processor not RUNNING within " + timeout.toSeconds() + " s; log:\n" + logTail());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no commit, no clean close of the state stores. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("killed process exits")
                .isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
