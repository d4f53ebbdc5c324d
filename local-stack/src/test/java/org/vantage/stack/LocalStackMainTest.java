package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `up`, `down` and `status` as real child processes, the way a user runs them. */
@Tag("integration")
class LocalStackMainTest {

    private static final long READY_TIMEOUT_SECONDS = 120;

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        // only processes this test started, by handle; the broker exits with its parent
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void upPrintsWhereThingsListenAndDownStopsEverything() throws Exception {
        RunningUp up = startUp();
        StackFile file = StackFile.read(dataDir).orElseThrow();
        assertThat(file.stack().pid()).isEqualTo(up.process.pid());
        assertThat(up.output())
                .contains(
                        "Kafka bootstrap servers  " + file.bootstrapServers(),
                        "Schema Registry URL      " + file.schemaRegistryUrl(),
                        "vantage.measurements.v1",
                        "vantage.dead-letters.v1");
        long brokerPid = file.broker().pid();
        assertThat(ProcessHandle.of(brokerPid).flatMap(h -> h.parent()).map(ProcessHandle::pid))
                .contains(up.process.pid());

        Result status = run("status", "--data-dir", dataDir.toString());
        assertThat(status.exitCode).as(status.output).isZero();
        assertThat(status.output).contains("vantage: running");

        Result down = run("down", "--data-dir", dataDir.toString());
        assertThat(down.exitCode).as(down.output).isZero();
        assertThat(down.output).contains("stack process " + up.process.pid() + " stopped", "is down");

        assertThat(up.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(up.output()).contains("vantage: stopped").doesNotContain("unexpectedly");
        assertGone(brokerPid);
        assertThat(StackFile.path(dataDir)).doesNotExist();

        Result again = run("down", "--data-dir", dataDir.toString());
        assertThat(again.exitCode).isZero();
        assertThat(again.output).contains("nothing to stop");
    }

    @Test
    void brokerDiesWithAKilledUpTheNextUpReusesTheDataAndABrokerCrashEndsUp() throws Exception {
        RunningUp first = startUp();
        long brokerPid = StackFile.read(dataDir).orElseThrow().broker().pid();

        first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // no shutdown hook ran: stack.json is stale, and the broker must notice its parent is gone
        assertGone(brokerPid);
        assertThat(StackFile.path(dataDir)).exists();

        RunningUp second = startUp();
        assertThat(second.output())
                .contains("0 created, " + org.vantage.topics.VantageTopic.values().length + " already present");

        // and when the broker dies under a running `up`, `up` reports it and exits with 1
        StackFile file = StackFile.read(dataDir).orElseThrow();
        file.broker().live().orElseThrow().destroyForcibly();
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isEqualTo(1);
        assertThat(second.output()).contains("the broker exited unexpectedly");
        assertThat(StackFile.path(dataDir)).doesNotExist();
    }

    @Test
    void usageErrorsExitWithTwoAndMissingStackWithOne() {
        assertThat(LocalStackMain.commandLine().setErr(quiet()).execute("frobnicate"))
                .isEqualTo(2);
        assertThat(LocalStackMain.commandLine().setErr(quiet()).execute("up", "--kafka-port", "abc"))
                .isEqualTo(2);
        assertThat(LocalStackMain.commandLine().setErr(quiet()).execute()).isEqualTo(2);
        assertThat(LocalStackMain.commandLine().setOut(quiet()).execute("status", "--data-dir", dataDir.toString()))
                .isEqualTo(1);
        assertThat(LocalStackMain.commandLine().setErr(quiet()).execute("provision"))
                .isEqualTo(2);
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }

    private void assertGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .as("pid " + pid)
                .isIn(Optional.empty(), Optional.of(false));
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                ChildJvm.javaExecutable(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                LocalStackMain.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** `up` in the background; returns once it printed its ready line. */
    private RunningUp startUp() throws Exception {
        Process process = new ProcessBuilder(command("up", "--data-dir", dataDir.toString(), "--broker-heap", "384m"))
                .redirectErrorStream(true)
                .start();
        started.add(process);
        RunningUp up = new RunningUp(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (!up.output().contains("vantage: ready")) {
            assertThat(process.isAlive()).as("up exited early:\n" + up.output()).isTrue();
            assertThat(System.nanoTime())
                    .as("up not ready in time:\n" + up.output())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        return up;
    }

    private Result run(String... args) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(command(args)).redirectErrorStream(true).start();
        started.add(process);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {}

    /** Collects the output of a running `up` on a reader thread. */
    private static final class RunningUp {
        final Process process;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        RunningUp(Process process) {
            this.process = process;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                lines.add(line);
                            }
                        } catch (IOException e) {
                            lines.add("(output closed: " + e.getMessage() + ")");
                        }
                    },
                    "up-output");
            reader.setDaemon(true);
            reader.start();
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }
}
