package org.vantage.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.Resolved;
import org.vantage.config.SettingsException;
import org.vantage.config.Sources;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.probe.ProbeMain;
import org.vantage.probe.simulate.ScenarioLoader;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;
import org.vantage.stack.LocalStack;
import org.vantage.stack.StackFile;
import org.vantage.topics.VantageTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vantage demo}: the main job on one machine. Starts the local stack (real KRaft broker, embedded
 * Schema Registry, topics, network reference table), the detector with its HTTP API, a printer of the
 * alerts topic and a simulated probe fleet replaying a scenario (by default the Pakistan evening of
 * 2024-01-20), then prints alerts as incidents open, update and resolve. Ctrl-C stops everything it
 * started, in reverse order.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        modelTransformer = DemoCommand.SettingOptions.class,
        description = "Run the whole pipeline locally on a simulated fleet and print alerts as they happen.")
public final class DemoCommand implements Callable<Integer> {

    /** When to stop by itself: never (Ctrl-C), after the first OPENED / RESOLVED alert, or when the scenario ends. */
    enum ExitAfter {
        never,
        opened,
        resolved,
        scenario
    }

    @Spec
    CommandSpec spec;

    /** The demo's settings, resolved at the start of {@link #call()}. */
    private Resolved settings;

    private String scenario;
    private double speed;
    private ExitAfter exitAfter;

    private final PrintStream out = System.out;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        try {
            settings = CommandLineSettings.resolve(spec, DemoSettings.ALL);
        } catch (SettingsException e) {
            spec.commandLine()
                    .getErr()
                    .println("vantage: demo: invalid settings:\n  - " + String.join("\n  - ", e.problems()));
            spec.commandLine().getErr().flush();
            return 2;
        }
        scenario = settings.get(DemoSettings.SCENARIO);
        speed = settings.get(DemoSettings.SPEED);
        exitAfter = settings.get(DemoSettings.EXIT_AFTER);
        Duration limit = settings.get(DemoSettings.TIMEOUT);
        Path dir = settings.get(DemoSettings.DATA_DIR).toAbsolutePath().normalize();
        Path stackDir = dir.resolve("stack");
        StackFile.ensureNotRunning(stackDir);
        wipe(dir);

        CountDownLatch finished = new CountDownLatch(1);
        CountDownLatch stoppedAll = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(0);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            finished.countDown();
                            try {
                                // On Ctrl-C, let the main thread close what it started. Not a join of the main thread:
                                // after a
                                // normal end it is the thread calling System.exit, which waits for this hook, so a join
                                // would
                                // hold every exit for the whole timeout.
                                stoppedAll.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-shutdown"));

        try {
            long t0 = System.nanoTime();
            step(1, "starting the local stack: Kafka broker (KRaft), Schema Registry, topics, network reference table");
            LocalStack stack = LocalStack.builder()
                    .dataDir(stackDir)
                    .progress(line -> say("      " + line))
                    .start();
            started.push(stack);
            writeStackFile(stack, stackDir);
            say(
                    "      Kafka %s, Schema Registry %s (%.0f s)",
                    stack.bootstrapServers(), stack.registryUrl(), secondsSince(t0));

            step(2, "starting the detector (Kafka Streams, exactly-once) and its HTTP API");
            DetectionService detector = DetectionService.start(processorConfig(stack, dir), "127.0.0.1");
            started.push(detector);
            say(
                    "      dashboard and API: http://127.0.0.1:%d/   (status: /api/countries/PK/status, metrics: /metrics)",
                    detector.httpPort());

            started.push(detectorProgress(detector));

            step(3, "following the alerts topic %s", VantageTopic.ALERTS.topicName());
            AlertPrinter printer = new AlertPrinter(new StackEndpoints(stack.bootstrapServers(), stack.registryUrl()));
            started.push(printer);
            printer.start();

            step(4, "replaying scenario '%s' with a simulated probe fleet at %.0fx", scenario, speed);
            say("      (another terminal: ./vantage alerts tail --stack-dir %s)", stackDir);
            Thread simulator = simulator(stack, dir, exitCode, finished);
            started.push(() -> {
                simulator.interrupt();
                simulator.join(10_000);
            });
            simulator.start();

            boolean inTime = awaitExitCondition(printer, finished, limit);
            if (!inTime) {
                say("vantage: demo: no %s alert within %s", exitAfter, limit);
                exitCode.compareAndSet(0, 1);
            }
            return exitCode.get();
        } finally {
            stopAll();
            stoppedAll.countDown();
        }
    }

    private boolean awaitExitCondition(AlertPrinter printer, CountDownLatch finished, Duration limit)
            throws InterruptedException {
        switch (exitAfter) {
            case opened:
                return waitForAny(printer.opened, finished, limit);
            case resolved:
                return waitForAny(printer.resolved, finished, limit);
            case scenario:
                return finished.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            default:
                finished.await();
                return true;
        }
    }

    /** True when {@code wanted} came first; false on timeout or when the run finished without it. */
    private static boolean waitForAny(CountDownLatch wanted, CountDownLatch finished, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (wanted.await(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (finished.getCount() == 0) {
                return wanted.getCount() == 0;
            }
        }
        return false;
    }

    private Thread simulator(LocalStack stack, Path dir, AtomicInteger exitCode, CountDownLatch finished) {
        String[] args = {
            "simulate",
            scenario,
            "--bootstrap-servers",
            stack.bootstrapServers(),
            "--schema-registry-url",
            stack.registryUrl(),
            "--speed",
            Double.toString(speed),
            "--spool-dir",
            dir.resolve("spool").toString(),
            "--progress",
            "5s"
        };
        return new Thread(
                () -> {
                    int code = new CommandLine(new ProbeMain()).execute(args);
                    if (stopping) {
                        return; // stopped by the demo itself (Ctrl-C or CI mode): not a failure of the simulator
                    }
                    if (code != 0) {
                        say("vantage: demo: the simulator exited with code %d", code);
                        exitCode.compareAndSet(0, code);
                        finished.countDown();
                    } else {
                        say("      scenario replayed; the detector keeps running. Ctrl-C stops the demo.");
                        if (exitAfter == ExitAfter.scenario) {
                            finished.countDown();
                        }
                    }
                },
                "demo-simulator");
    }

    /** Every 5 s: what the detector has processed, next to the simulator's own progress line. */
    private AutoCloseable detectorProgress(DetectionService detector) {
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-detector-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(
                () -> {
                    double measurements = counter(detector, "vantage.measurements.processed");
                    double invalid = counter(detector, "vantage.records.invalid");
                    double alerts = counter(detector, "vantage.alerts");
                    say(
                            "      %tT detector: %,.0f measurements processed, %,.0f rejected, %,.0f alerts, state %s",
                            System.currentTimeMillis(),
                            measurements,
                            invalid,
                            alerts,
                            detector.streams().state());
                },
                5,
                5,
                TimeUnit.SECONDS);
        return timer::shutdownNow;
    }

    private static double counter(DetectionService detector, String name) {
        return detector.registry().find(name).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private ProcessorConfig processorConfig(LocalStack stack, Path dir) {
        // the processor's own settings from the environment (thresholds, say), the stack's endpoints over them
        ProcessorConfig.Builder processor = ProcessorConfig.builder(Sources.processEnvironment())
                .bootstrapServers(stack.bootstrapServers())
                .schemaRegistryUrl(stack.registryUrl())
                .stateDir(dir.resolve("streams-state"))
                .httpPort(settings.get(DemoSettings.HTTP_PORT));
        // A replay of a past evening: accept event times back to the scenario's start (the detector rejects
        // measurements older than VANTAGE_MAX_AGE against the wall clock, one day by default).
        Instant scenarioStart = ScenarioLoader.load(scenario).start();
        Duration age = Duration.between(scenarioStart, Instant.now()).plusDays(1);
        if (age.compareTo(Duration.ofDays(1)) > 0 && !processor.isSet(ProcessorSettings.MAX_AGE)) {
            processor.set(ProcessorSettings.MAX_AGE, Duration.ofDays(age.toDays()));
        }
        return processor.build();
    }

    /** Adds an option for every setting of {@link DemoSettings}. */
    static final class SettingOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            return CommandLineSettings.addOptions(command, DemoSettings.ALL);
        }
    }

    private static void writeStackFile(LocalStack stack, Path stackDir) throws IOException {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        stack.topics().partitions().forEach((topic, count) -> partitions.put(topic.topicName(), count));
        new StackFile(
                        stack.bootstrapServers(),
                        stack.registryUrl(),
                        stackDir.toString(),
                        StackFile.RecordedProcess.of(ProcessHandle.current()),
                        StackFile.RecordedProcess.of(
                                ProcessHandle.of(stack.broker().pid()).orElseThrow()),
                        stack.broker().logFile().toString(),
                        partitions)
                .write(stackDir);
    }

    private void stopAll() {
        stopping = true;
        say("vantage: demo: stopping (%d parts, newest first)", started.size());
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                say("vantage: demo: while stopping: %s", e);
            }
        }
        say("vantage: demo: stopped");
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    private void step(int n, String format, Object... args) {
        say("[%d/4] " + format, prepend(n, args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.printf(Locale.ROOT, format + "%n", args);
            out.flush();
        }
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Prints every alert of the (fresh) alerts topic and signals the first OPENED and RESOLVED. */
    final class AlertPrinter implements AutoCloseable {
        final CountDownLatch opened = new CountDownLatch(1);
        final CountDownLatch resolved = new CountDownLatch(1);
        private final KafkaConsumer<String, DisruptionAlert> consumer;
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        AlertPrinter(StackEndpoints endpoints) {
            consumer = AlertsCommand.alertConsumer(endpoints, true);
            thread = new Thread(this::run, "demo-alerts");
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                consumer.subscribe(List.of(VantageTopic.ALERTS.topicName()));
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, DisruptionAlert> rec : consumer.poll(Duration.ofMillis(500))) {
                        DisruptionAlert alert = rec.value();
                        if (alert == null) {
                            continue;
                        }
                        say("%n>>> ALERT %s", AlertFormatter.detailed(alert).stripTrailing());
                        if (alert.getStatus() == AlertStatus.OPENED) {
                            opened.countDown();
                        } else if (alert.getStatus() == AlertStatus.RESOLVED) {
                            resolved.countDown();
                        }
                    }
                }
            } catch (WakeupException stopping) {
                // closing
            } catch (RuntimeException e) {
                failure.set(e);
                say("vantage: demo: alert printer failed: %s", e);
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        @Override
        public void close() throws InterruptedException {
            consumer.wakeup();
            thread.join(5_000);
        }
    }
}
