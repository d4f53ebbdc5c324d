package org.vantage.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.probe.publish.RecordSigner;
import org.vantage.probe.simulate.Scenario;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;

/**
 * The scale sweep: for each fleet point a fresh local stack, the point's fleet loaded, and the detection measured as
 * the full benchmark measures it (see {@code bench/README.md}): throughput from the beginning of the topic under
 * exactly-once, memory, changelog writes, alert latency at a fixed background rate, then a SIGKILL of the processor
 * under that load and the time its restart takes to restore and catch up. At the base point (or every point) the
 * textbook topology (c) and the decode-only floor (e') run on the same topic, for the ratios.
 */
final class Sweep {
    static final String APP = "bench-vantage-eos";

    /**
     * How to run the sweep. {@code minMeasurements}: measurements per point, raised to {@code minIntervals} whole
     * intervals of the point's fleet (so every probe reports in every window); {@code processorEnv}: added to the
     * processor JVMs' environment; {@code thresholds}: what the detection runs with (the latency run's timing).
     */
    record Options(
            List<FleetShape> points,
            long minMeasurements,
            int minIntervals,
            boolean compareEveryPoint,
            Set<String> skip,
            double backgroundRate,
            int repetitions,
            int warmupSeconds,
            long seriesBudgetSeconds,
            long restoreBudgetSeconds,
            String processorHeap,
            List<String> processorJvmOptions,
            String brokerHeap,
            String vantageCommitMs,
            String vantageCacheBytes,
            String stores,
            String textbookCommitMs,
            Map<String, String> processorEnv,
            DetectionThresholds thresholds,
            Path workRoot) {}

    private final Options o;

    Sweep(Options options) {
        this.o = options;
    }

    /** Measurements loaded at {@code shape}: at least {@code minMeasurements}, and whole intervals of the fleet. */
    static long measurementsFor(FleetShape shape, long minMeasurements, int minIntervals) {
        long perInterval = BenchFleet.perInterval(shape);
        long intervals = Math.max(minIntervals, (minMeasurements + perInterval - 1) / perInterval);
        return intervals * perInterval;
    }

    /**
     * Open (network, platform, window) keys once {@code measurements} of the fleet were processed: every network
     * reports every platform in every window, and a window stays open until the network's event time passes its end
     * plus the grace period.
     */
    static long openKeys(FleetShape shape, long measurements, DetectionThresholds t) {
        long windows = Math.max(1, measurements / BenchFleet.perInterval(shape)); // one interval per window
        long open = Math.min(windows, t.grace().toMillis() / t.windowMs() + 1);
        return (long) shape.networks() * BenchFleet.platforms().size() * open;
    }

    List<SweepRow> run() throws Exception {
        List<SweepRow> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < o.points().size(); i++) {
            FleetShape shape = o.points().get(i);
            System.out.printf(
                    "%n[point %d/%d] %s (%.0f s since start)%n",
                    i + 1, o.points().size(), shape.label(), (System.nanoTime() - t0) / 1e9);
            SweepRow row = point(i, shape, i == 0 || o.compareEveryPoint());
            rows.add(row);
            System.out.printf(
                    "[point %d/%d] done: %,.0f rec/s, live heap %,.0f MiB, restore %.1f s, p99 %s ms%n",
                    i + 1,
                    o.points().size(),
                    row.detectRate(),
                    row.liveHeapMiB(),
                    row.restoreCaughtUpSeconds(),
                    SweepReport.format(row.latencyP99Ms(), 0));
        }
        return rows;
    }

    private SweepRow point(int index, FleetShape shape, boolean compare) throws Exception {
        Path work = o.workRoot().resolve("point-" + (index + 1));
        Files.createDirectories(work);
        String prefix = "p" + (index + 1) + "-";
        long n = measurementsFor(shape, o.minMeasurements(), o.minIntervals());
        LocalStack started = LocalStack.builder()
                .dataDir(work.resolve("stack"))
                .brokerHeap(o.brokerHeap())
                .progress(l -> System.out.println("  stack: " + l))
                .start();
        Thread stopStack = new Thread(started::close, "stop-local-stack"); // Ctrl-C must not leave a broker behind
        Runtime.getRuntime().addShutdownHook(stopStack);
        try (LocalStack stack = started;
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            GroupProgress progress = new GroupProgress(admin);
            double loadSeconds = load(stack, shape, n);
            Map<TopicPartition, Long> ends = progress.endOffsets(VantageTopic.MEASUREMENTS.topicName());
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            if (total != n) {
                throw new IllegalStateException("topic holds " + total + " records, expected " + n);
            }
            double textbook = Double.NaN;
            double floorDecode = Double.NaN;
            if (compare && !o.skip().contains("textbook")) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(
                                TextbookTopology.OUTPUT_TOPIC, 6, (short) 1)))
                        .all()
                        .get();
                System.out.println("  (c) textbook Kafka Streams topology, at_least_once");
                textbook = ProcessorRun.run(
                                spec(
                                        "textbook",
                                        "bench-textbook",
                                        "at_least_once",
                                        o.textbookCommitMs(),
                                        "default",
                                        prefix),
                                stack.bootstrapServers(),
                                stack.registryUrl(),
                                VantageTopic.MEASUREMENTS.topicName(),
                                ends,
                                progress,
                                work,
                                false)
                        .rate();
            }
            if (compare && !o.skip().contains("floor")) {
                System.out.println("  (e') Kafka Streams floor with Avro decode, exactly_once_v2");
                floorDecode = ProcessorRun.run(
                                spec(
                                        "floor-decode",
                                        "bench-floor-decode",
                                        "exactly_once_v2",
                                        commitMs(),
                                        "default",
                                        prefix),
                                stack.bootstrapServers(),
                                stack.registryUrl(),
                                VantageTopic.MEASUREMENTS.topicName(),
                                ends,
                                progress,
                                work,
                                false)
                        .rate();
            }
            return detection(stack, progress, ends, work, shape, n, prefix, loadSeconds, textbook, floorDecode);
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopStack);
            Benchmark.deleteTree(work);
        }
    }

    private SweepRow detection(
            LocalStack stack,
            GroupProgress progress,
            Map<TopicPartition, Long> ends,
            Path work,
            FleetShape shape,
            long n,
            String prefix,
            double loadSeconds,
            double textbook,
            double floorDecode)
            throws Exception {
        ProcessorRun.Spec spec =
                spec("vantage", APP, "exactly_once_v2", o.vantageCommitMs(), o.vantageCacheBytes(), prefix);
        System.out.println(
                "  (d) Vantage detection topology, exactly_once_v2 (stays up for the latency and restore runs)");
        ProcessorRun.Result eos = ProcessorRun.run(
                spec,
                stack.bootstrapServers(),
                stack.registryUrl(),
                VantageTopic.MEASUREMENTS.topicName(),
                ends,
                progress,
                work,
                true);
        ChildProcess processor = eos.children().get(0);
        ChildProcess restarted = null;
        try {
            // a fresh application: everything its producer sent to the changelogs was sent during this run
            double changelogMiBps = sentToChangelogs(processor) / 1048576.0 / eos.drainSeconds();
            double liveHeap = liveHeap(processor) / 1048576.0;
            long openKeys = openKeys(shape, n, o.thresholds());
            System.out.printf(
                    "    %,.0f rec/s (%,.0f rec/CPU-s); live heap %,.0f MiB for %,d open keys (%,.0f B each)%n",
                    eos.rate(), eos.perCpuSecond(), liveHeap, openKeys, liveHeap * 1048576 / openKeys);

            LatencySeries series = new LatencySeries(
                    stack.bootstrapServers(),
                    stack.registryUrl(),
                    progress,
                    APP,
                    o.thresholds(),
                    o.seriesBudgetSeconds());
            try (BackgroundLoad bg =
                    new BackgroundLoad(stack.bootstrapServers(), stack.registryUrl(), shape, o.backgroundRate())) {
                LatencySeries.Result lat = new LatencySeries.Result(List.of(), List.of(), 0);
                double steadyKiBps = Double.NaN;
                boolean loading = false;
                if (!o.skip().contains("latency")) {
                    System.out.printf(
                            "  latency: background load %,.0f measurements/s of the point's fleet, %d injected disruptions%n",
                            o.backgroundRate(), o.repetitions());
                    bg.start();
                    loading = true;
                    Thread.sleep(o.warmupSeconds() * 1000L);
                    long clBefore = sentToChangelogs(processor);
                    long clStart = System.nanoTime();
                    lat = series.run(processor, bg, 0, o.repetitions());
                    steadyKiBps =
                            (sentToChangelogs(processor) - clBefore) / 1024.0 / ((System.nanoTime() - clStart) / 1e9);
                }
                String stats = processor.last("STATS");
                double heapPeak = stats == null ? Double.NaN : ChildProcess.field(stats, "heapPeak") / 1048576.0;
                double rss = processor.peakRss() / 1048576.0;
                double changelogMiB = progress.changelogBytes(APP) / 1048576.0;
                Restore r = new Restore(Double.NaN, Double.NaN, Double.NaN, 0);
                if (!o.skip().contains("restore")) {
                    // killed under the background load, as a crash would happen
                    if (!loading) {
                        bg.start();
                        Thread.sleep(o.warmupSeconds() * 1000L);
                    }
                    System.out.printf(
                            "  restore: SIGKILL of the processor under %,.0f measurements/s of background load (input lag %,d "
                                    + "records, changelogs %,.1f MiB)%n",
                            o.backgroundRate(), series.inputLag(), changelogMiB);
                    processor.kill();
                    long killedAt = System.currentTimeMillis();
                    restarted = ProcessorRun.startChild(
                            spec, 0, "-restarted", stack.bootstrapServers(), stack.registryUrl(), work);
                    r = awaitRestore(restarted, series, killedAt, Math.max(1000, (long) o.backgroundRate()));
                }
                double bgRate = bg.achievedRate();
                if (bg.failure() != null) {
                    throw new IllegalStateException("background load failed", bg.failure());
                }
                bg.close();
                // stopped cleanly: RocksDB flushed (and a flight recording, if any, written)
                (restarted != null ? restarted : processor).stop(Duration.ofSeconds(90));
                double stateMiB = ProcessorRun.size(spec.stateDir(work, 0)) / 1048576.0;
                return new SweepRow(
                        shape,
                        n,
                        loadSeconds,
                        eos.rate(),
                        eos.perCpuSecond(),
                        eos.seconds(),
                        heapPeak,
                        liveHeap,
                        rss,
                        stateMiB,
                        openKeys,
                        changelogMiBps,
                        steadyKiBps,
                        changelogMiB,
                        r.restoringSeconds(),
                        r.runningSeconds(),
                        r.caughtUpSeconds(),
                        r.restored(),
                        Percentiles.of(lat.samples(), 50),
                        Percentiles.of(lat.samples(), 99),
                        lat.samples().size(),
                        lat.repetitions().size(),
                        loading ? bgRate : Double.NaN,
                        textbook,
                        floorDecode);
            }
        } finally {
            processor.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    record Restore(double restoringSeconds, double runningSeconds, double caughtUpSeconds, long restored) {}

    /**
     * Waits for the restarted processor to report RUNNING (its stores restored) and then to catch up: its committed
     * input within {@code lagBound} records (about a second of the background load) of the topic's end.
     */
    private Restore awaitRestore(ChildProcess child, LatencySeries series, long killedAt, long lagBound)
            throws Exception {
        long deadline = System.currentTimeMillis() + o.restoreBudgetSeconds() * 1000;
        double running = Double.NaN;
        double assigned = Double.NaN;
        long lastPrint = 0;
        while (System.currentTimeMillis() < deadline) {
            child.failIfDown();
            long now = System.currentTimeMillis();
            Long at = child.stateTime("RUNNING");
            String stats = child.last("STATS");
            long restored = stats == null ? 0 : ChildProcess.field(stats, "restored");
            String restoring = child.last("RESTORING");
            if (restoring != null && Double.isNaN(assigned)) {
                assigned = (ChildProcess.field(restoring, "at") - killedAt) / 1000.0;
                System.out.printf(
                        "    restoring %.1f s after the kill (JVM start, the group's wait for the killed member's session "
                                + "to expire, the assignment)%n",
                        assigned);
            }
            if (at != null && Double.isNaN(running)) {
                running = (at - killedAt) / 1000.0;
                System.out.printf(
                        "    RUNNING %.1f s after the kill, %,d changelog records restored%n", running, restored);
            }
            long lag = series.inputLag();
            if (!Double.isNaN(running) && lag <= lagBound) {
                double caughtUp = (now - killedAt) / 1000.0;
                System.out.printf("    caught up %.1f s after the kill (input lag %,d records)%n", caughtUp, lag);
                return new Restore(assigned, running, caughtUp, restored);
            }
            if (now - lastPrint >= 3000) {
                System.out.printf(
                        "    %.0f s: %s, %,d records restored, input lag %,d%n",
                        (now - killedAt) / 1000.0, at == null ? "restoring" : "RUNNING", restored, lag);
                lastPrint = now;
            }
            Thread.sleep(200);
        }
        System.out.printf("    not caught up within %d s%n", o.restoreBudgetSeconds());
        String stats = child.last("STATS");
        return new Restore(assigned, running, Double.NaN, stats == null ? 0 : ChildProcess.field(stats, "restored"));
    }

    /** Bytes the processor's producer has sent to its changelogs so far. */
    private static long sentToChangelogs(ChildProcess processor) throws InterruptedException {
        return ChildProcess.field(processor.request("changelog", "CHANGELOG", Duration.ofSeconds(30)), "bytes");
    }

    /** The heap the processor still uses after a full collection. */
    private static long liveHeap(ChildProcess processor) throws InterruptedException {
        return ChildProcess.field(processor.request("gc", "LIVE", Duration.ofSeconds(120)), "heapUsed");
    }

    private double load(LocalStack stack, FleetShape shape, long n) throws Exception {
        Scenario s = BenchFleet.load(shape, n, Instant.now().minusSeconds(30));
        System.out.printf(
                "  loading %,d measurements: %,d probes in %,d networks in %d countries, %d platforms, event time %s .. %s%n",
                n,
                s.probeCount(),
                s.networks().size(),
                shape.countries(),
                s.platforms().size(),
                s.start(),
                s.end());
        KafkaLoadSink sink = new KafkaLoadSink(stack.bootstrapServers(), stack.registryUrl(), n, RecordSigner.none());
        long start = System.nanoTime();
        Thread reporter = new Thread(
                () -> {
                    try {
                        while (true) {
                            Thread.sleep(5000);
                            double secs = (System.nanoTime() - start) / 1e9;
                            System.out.printf(
                                    "    %,d / %,d acknowledged (%,.0f/s)%n",
                                    sink.delivered(), n, sink.delivered() / secs);
                        }
                    } catch (InterruptedException e) {
                        // done
                    }
                },
                "load-progress");
        reporter.setDaemon(true);
        reporter.start();
        try {
            OrderedLoad.run(s, sink, n);
            sink.close();
        } finally {
            reporter.interrupt();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "  loaded %,d measurements (+%,d heartbeats) in %.1f s (%,.0f/s)%n",
                sink.delivered(), sink.heartbeatsSent(), secs, sink.delivered() / secs);
        return secs;
    }

    private String commitMs() {
        return o.vantageCommitMs().equals("default")
                ? Long.toString(ProcessorSettings.COMMIT_INTERVAL.defaultValue().toMillis())
                : o.vantageCommitMs();
    }

    private ProcessorRun.Spec spec(
            String kind, String appId, String guarantee, String commitMs, String cacheBytes, String prefix) {
        return new ProcessorRun.Spec(
                kind,
                appId,
                guarantee,
                commitMs,
                cacheBytes,
                1,
                o.processorHeap(),
                o.processorJvmOptions(),
                o.stores(),
                prefix,
                o.processorEnv());
    }

    /** A one-line summary of the options, for the progress output and the JSON. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "%d points %s; >= %,d measurements and >= %d intervals per point; background %,.0f/s, "
                        + "%d injections; processor -Xmx%s",
                o.points().size(),
                o.points().stream().map(FleetShape::key).toList(),
                o.minMeasurements(),
                o.minIntervals(),
                o.backgroundRate(),
                o.repetitions(),
                o.processorHeap());
    }
}
