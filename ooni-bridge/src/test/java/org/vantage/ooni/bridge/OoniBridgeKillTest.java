package org.vantage.ooni.bridge;

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
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.ooni.testing.ExpectedImport;
import org.vantage.ooni.testing.OoniReplayServer;
import org.vantage.ooni.testing.Topics;
import org.vantage.schema.Measurement;
import org.vantage.stack.LocalStack;

/**
 * The bridge runs as a child JVM; the replay server slows down in the middle of a page, the child is killed
 * with SIGKILL there and started again: every measurement must be on the topic exactly once (read_committed),
 * and the restart must resume after the pages that committed, not start over.
 */
@Tag("integration")
class OoniBridgeKillTest {

    private static final int PAGE_SIZE = 10;
    /** Bodies served at full speed before the slow-down: the kill lands in the middle of page 4. */
    private static final int FAST_BODIES = 35;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
    }

    @Test
    void everyMeasurementIsOnTheTopicExactlyOnceAfterASigkillMidPageAndARestart() throws Exception {
        try (OoniReplayServer ooni = OoniReplayServer.start();
                LocalStack stack = LocalStack.builder()
                        .dataDir(dir.resolve("stack"))
                        .brokerHeap("384m")
                        .referenceData(false)
                        .start()) {
            ExpectedImport expected = ExpectedImport.of(ooni, ooni.uids());
            ooni.slowBodiesAfter(FAST_BODIES, Duration.ofSeconds(3));

            Path log1 = dir.resolve("run1.log");
            Process first = startBridge(ooni, stack, log1);
            await(
                    () -> ooni.bodyRequests() >= FAST_BODIES + 2,
                    Duration.ofSeconds(60),
                    log1,
                    "the bridge to reach the slow page");
            int inTopicAtKill = Topics.measurements(stack.bootstrapServers(), stack.registryUrl())
                    .size();
            first.destroyForcibly()
                    .waitFor(); // SIGKILL, mid-page: body FAST_BODIES + 1 answered, FAST_BODIES + 2 pending
            int fetchedBeforeKill = ooni.bodyRequests();
            ooni.slowBodiesAfter(Integer.MAX_VALUE, Duration.ZERO);

            Path log2 = dir.resolve("run2.log");
            Process second = startBridge(ooni, stack, log2);
            await(
                    () -> sourceRefs(stack).containsAll(expected.published().keySet()),
                    Duration.ofSeconds(60),
                    log2,
                    "every expected measurement on the topic");
            // one more complete poll after everything is in: it must find nothing new
            await(
                    () -> pollLines(log2).stream().anyMatch(l -> l.contains(" new=0 ")),
                    Duration.ofSeconds(30),
                    log2,
                    "a poll with nothing new");
            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int refetched = ooni.bodyRequests() - fetchedBeforeKill;

            List<ConsumerRecord<String, Measurement>> records =
                    Topics.measurements(stack.bootstrapServers(), stack.registryUrl());
            Map<String, Long> copies = records.stream()
                    .collect(Collectors.groupingBy(r -> r.value().getSourceRef(), Collectors.counting()));
            long duplicates = copies.values().stream().mapToLong(n -> n - 1).sum();
            long exactlyOnce = expected.published().keySet().stream()
                    .filter(uid -> copies.getOrDefault(uid, 0L) == 1L)
                    .count();
            System.out.printf(
                    "OONI bridge kill test: %d of %d measurements on the topic exactly once, %d duplicates, %d unexpected "
                            + "(SIGKILL after %d body fetches, mid page %d; %d measurements committed before the kill; the restart "
                            + "fetched %d bodies of %d)%n",
                    exactlyOnce,
                    expected.published().size(),
                    duplicates,
                    copies.keySet().stream()
                            .filter(k -> !expected.published().containsKey(k))
                            .count(),
                    fetchedBeforeKill,
                    fetchedBeforeKill / PAGE_SIZE + 1,
                    inTopicAtKill,
                    refetched,
                    ooni.uids().size());

            assertThat(inTopicAtKill).as("pages committed before the kill").isPositive();
            assertThat(duplicates).isZero();
            assertThat(copies.keySet())
                    .containsExactlyInAnyOrderElementsOf(expected.published().keySet());
            assertThat(exactlyOnce).isEqualTo(expected.published().size());
            // resumed after the three committed pages instead of starting over
            assertThat(refetched).isLessThanOrEqualTo(ooni.uids().size() - 3 * PAGE_SIZE);
        }
    }

    private Process startBridge(OoniReplayServer ooni, LocalStack stack, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                OoniBridgeMain.class.getName(),
                "--country",
                "PK",
                "--api-url",
                ooni.url().toString(),
                "--bootstrap-servers",
                stack.bootstrapServers(),
                "--schema-registry-url",
                stack.registryUrl(),
                "--page-size",
                Integer.toString(PAGE_SIZE),
                "--poll-interval",
                "1s",
                "--bridge-id",
                "kill-test",
                "--metrics-port",
                "-1",
                "--retry-backoff",
                "100ms");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static java.util.Set<String> sourceRefs(LocalStack stack) {
        return Topics.measurements(stack.bootstrapServers(), stack.registryUrl()).stream()
                .map(r -> r.value().getSourceRef())
                .collect(Collectors.toSet());
    }

    private static List<String> pollLines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("event=poll "))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, Path log, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
                throw new AssertionError("timed out waiting for " + what + "; log " + log + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            Thread.sleep(200);
        }
    }
}
