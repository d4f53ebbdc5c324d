package org.vantage.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.vantage.config.Sources;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.kafka.KafkaSettings;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.probe.publish.RecordSigner;
import org.vantage.probe.simulate.FleetEnrollment;
import org.vantage.probe.simulate.FleetSimulator;
import org.vantage.probe.simulate.Pacing;
import org.vantage.probe.simulate.Scenario;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The side-by-side benchmark: one run on a local stack it starts itself. See {@code bench/README.md}
 * for what each figure means and how it is measured.
 */
@Command(
        name = "vantage-bench",
        mixinStandardHelpOptions = true,
        description = "Loads measurements into a local stack and measures consumer, textbook Kafka Streams and "
                + "Vantage detection throughput, alert latency under load, memory, state size and probe cost.")
public final class Benchmark implements Callable<Integer> {

    enum Mode {
        full,
        scaleout,
        sweep
    }

    @Option(
            names = "--mode",
            defaultValue = "full",
            description =
                    "full (default): figures 1-5 of the issue; scaleout: one vs two detection instances, alert ids compared; "
                            + "sweep: the detection at several fleet sizes (--points), with a table and a chart")
    Mode mode;

    @Option(
            names = "--measurements",
            defaultValue = "3000000",
            description =
                    "measurements to load (default ${DEFAULT-VALUE}; sweep: per point, at least --min-intervals whole "
                            + "intervals of the point's fleet, default " + SWEEP_MEASUREMENTS + ")")
    long measurements;

    @Option(
            names = "--points",
            split = ",",
            converter = FleetShapeConverter.class,
            description =
                    "sweep: fleet points as probes/networks/countries, k = thousand (default 2k/100/20,20k/1000/200,200k/10000/200)")
    List<FleetShape> points;

    @Option(
            names = "--min-intervals",
            defaultValue = "3",
            description =
                    "sweep: whole measurement intervals (minutes of event time) loaded at least per point (default ${DEFAULT-VALUE})")
    int minIntervals;

    @Option(
            names = "--compare-every-point",
            description = "sweep: run (c) textbook and (e') decode-only floor at every point, not only the first")
    boolean compareEveryPoint;

    @Option(
            names = "--restore-budget",
            defaultValue = "180",
            description =
                    "sweep: seconds a restarted processor may take to restore and catch up after SIGKILL (default ${DEFAULT-VALUE})")
    long restoreBudgetSeconds;

    @Option(
            names = "--country-wait-timeout",
            description = "the detection's wait for a newly seen country "
                    + "(VANTAGE_COUNTRY_WAIT_TIMEOUT of the processor JVMs, e.g. 5s; default: the processor's own); the latency runs wait it "
                    + "out before injecting")
    String countryWaitTimeout;

    @Option(
            names = "--render",
            description = "sweep: write the table, CSV and chart of an earlier sweep's JSON again, without measuring")
    Path render;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    static final long SWEEP_MEASUREMENTS = 3_000_000;
    static final int SWEEP_REPETITIONS = 5;
    static final int SWEEP_WARMUP = 10;
    static final String SWEEP_HEAP = "6g";

    @Option(
            names = "--background-rate",
            defaultValue = "20000",
            description = "measurements/s of background load during the latency run (default ${DEFAULT-VALUE})")
    double backgroundRate;

    @Option(
            names = "--repetitions",
            defaultValue = "20",
            description = "injected disruptions in the latency run (max 30)")
    int repetitions;

    @Option(
            names = "--sustained-repetitions",
            defaultValue = "10",
            description = "injected disruptions first at a background rate the processor sustains (0 = skip)")
    int sustainedRepetitions;

    @Option(
            names = "--sustainable-share",
            defaultValue = "50",
            description =
                    "that rate, in percent of the measured (d) exactly-once throughput (default ${DEFAULT-VALUE})")
    double sustainableShare;

    @Option(
            names = "--series-budget",
            defaultValue = "300",
            description =
                    "seconds a latency series may take; an overloaded processor makes each injection slower (default ${DEFAULT-VALUE})")
    long seriesBudgetSeconds;

    @Option(
            names = "--warmup",
            defaultValue = "15",
            description = "seconds of background load before the first injection")
    int warmupSeconds;

    @Option(
            names = "--probe-measurements",
            defaultValue = "200000",
            description =
                    "measurements the unpaced simulator publishes for the per-core figure (default ${DEFAULT-VALUE})")
    long probeMeasurements;

    @Option(
            names = "--processor-heap",
            defaultValue = "1g",
            description = "-Xmx of each processor JVM (default ${DEFAULT-VALUE})")
    String processorHeap;

    @Option(
            names = "--processor-jvm-option",
            description =
                    "extra option for each processor JVM, repeatable; {name} is "
                            + "replaced by the instance name, e.g. -XX:StartFlightRecording=filename=/tmp/{name}.jfr,settings=profile")
    List<String> processorJvmOptions = new ArrayList<>();

    @Option(
            names = "--processor-gc",
            defaultValue = "ParallelGC",
            description =
                    "garbage collector of every processor JVM, textbook and Vantage alike, as -XX:+Use<value> "
                            + "(default ${DEFAULT-VALUE}, as deploy/stream-processor.Dockerfile runs the processor; G1GC is Java's default)")
    String processorGc;

    @Option(
            names = "--processor-new-ratio",
            defaultValue = "1",
            description =
                    "old/young generation ratio of every processor JVM, as -XX:NewRatio=<value> (default ${DEFAULT-VALUE}: "
                            + "half the heap young, as deploy/stream-processor.Dockerfile runs the processor; Java's default is 2)")
    int processorNewRatio;

    @Option(
            names = "--broker-heap",
            defaultValue = "1g",
            description = "-Xmx of the broker JVM (default ${DEFAULT-VALUE})")
    String brokerHeap;

    @Option(
            names = "--vantage-commit-ms",
            defaultValue = "default",
            description = "commit.interval.ms of the detection topology (default: the processor's own default)")
    String vantageCommitMs;

    @Option(
            names = "--vantage-cache-bytes",
            defaultValue = "default",
            description = "record cache bytes of the detection topology (default: the processor's own default)")
    String vantageCacheBytes;

    @Option(
            names = "--vantage-stores",
            defaultValue = "PERSISTENT",
            description =
                    "state stores of the detection topology: PERSISTENT (RocksDB, the default) or IN_MEMORY (experiment)")
    org.vantage.detect.VantageTopology.StoreType vantageStores;

    @Option(
            names = "--textbook-commit-ms",
            defaultValue = "1000",
            description =
                    "commit.interval.ms of the textbook topology (default ${DEFAULT-VALUE}: fine enough to time it)")
    String textbookCommitMs;

    @Option(
            names = "--skip",
            split = ",",
            description =
                    "phases to skip: plain,decode,textbook,floor,alos,verify,latency,probe; sweep: textbook,floor,latency,restore")
    Set<String> skip = new HashSet<>();

    @Option(
            names = "--settle",
            defaultValue = "45",
            description =
                    "scaleout: seconds to wait after a run for wall-clock-driven alerts before comparing (default ${DEFAULT-VALUE})")
    int settleSeconds;

    @Option(names = "--data-dir", description = "where the stack and state live (default: a new temporary directory)")
    Path dataDir;

    @Option(names = "--out", description = "JSON results file (default: bench/results/<timestamp>.json)")
    Path out;

    /** Our own logback file: the probe agent's and processor's jars each bring a logback.xml of their own. */
    static final String LOGBACK = "vantage-bench-logback.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK);
        }
        System.exit(new CommandLine(new Benchmark())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        processorJvmOptions.add(0, "-XX:+Use" + processorGc);
        processorJvmOptions.add(1, "-XX:NewRatio=" + processorNewRatio);
        if (mode == Mode.sweep) {
            return sweep();
        }
        if (measurements < 1000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--measurements must be at least 1000");
        }
        if (repetitions < 1
                || sustainedRepetitions < 0
                || repetitions + sustainedRepetitions > DisruptionInjection.COUNTRIES.size()) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--repetitions (>= 1) + --sustained-repetitions " + "(>= 0) must not exceed "
                            + DisruptionInjection.COUNTRIES.size() + " (one fresh country each)");
        }
        Path work = dataDir != null ? dataDir : Files.createTempDirectory("vantage-bench");
        Files.createDirectories(work);
        String ts = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Path jsonOut = out != null ? out : Path.of("bench", "results", ts + ".json");
        System.out.printf(
                "vantage-bench: %s mode, %,d measurements, %d cores, Java %s, work dir %s%n",
                mode,
                measurements,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                work);
        System.out.println("note: figures are from one run on this machine; other processes (builds) add noise.");
        long t0 = System.nanoTime();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timestamp", Instant.now().toString());
        json.put("machine", machine());
        json.put("parameters", parameters());
        LocalStack started = LocalStack.builder()
                .dataDir(work.resolve("stack"))
                .brokerHeap(brokerHeap)
                .progress(l -> System.out.println("  stack: " + l))
                .start();
        Thread stopStack = new Thread(started::close, "stop-local-stack"); // Ctrl-C must not leave a broker behind
        Runtime.getRuntime().addShutdownHook(stopStack);
        try (LocalStack stack = started;
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            GroupProgress progress = new GroupProgress(admin);
            String topic = VantageTopic.MEASUREMENTS.topicName();
            ResultTable table = new ResultTable();
            double loadRate = load(stack, table);
            Map<TopicPartition, Long> ends = progress.endOffsets(topic);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            if (total != measurements) {
                throw new IllegalStateException("topic holds " + total + " records, expected " + measurements);
            }
            table.add(
                    "load_rate",
                    "load: producer rate (setup, not a target)",
                    loadRate,
                    "rec/s",
                    "simulator + AvroSerializer + idempotent producer, 1 thread");
            if (mode == Mode.scaleout) {
                json.put("scaleOut", scaleOut(stack, admin, progress, ends, work, table));
            } else {
                full(stack, admin, progress, ends, work, table, json);
            }
            json.put("figures", table.toMap());
            System.out.println();
            System.out.println(table.render());
            System.out.printf("total wall time %.0f s%n", (System.nanoTime() - t0) / 1e9);
            Files.createDirectories(jsonOut.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonOut.toFile(), json);
            System.out.println("JSON written to " + jsonOut.toAbsolutePath());
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopStack);
            if (dataDir == null) {
                deleteTree(work);
            }
        }
        return 0;
    }

    private void full(
            LocalStack stack,
            Admin admin,
            GroupProgress progress,
            Map<TopicPartition, Long> ends,
            Path work,
            ResultTable table,
            Map<String, Object> json)
            throws Exception {
        String topic = VantageTopic.MEASUREMENTS.topicName();
        int partitions = ends.size();
        String bs = stack.bootstrapServers();
        String reg = stack.registryUrl();
        ResultTable cpu = new ResultTable();
        double a = Double.NaN;
        if (!skip.contains("plain")) {
            System.out.println("(a) plain consumer, bytes only");
            ConsumerRates.Result r = ConsumerRates.plain(
                    bs, topic, partitions, measurements, n -> System.out.printf("    %,d read%n", n));
            a = r.rate();
            cpu.add(
                    "a_cpu",
                    "(a) plain consumer",
                    r.perCpuSecond(),
                    "rec/CPU-s",
                    "CPU of the bench JVM while it reads");
            table.add(
                    "a_plain_consumer",
                    "(a) plain consumer, bytes only",
                    a,
                    "rec/s",
                    String.format(
                            Locale.ROOT,
                            "1 consumer, all %d partitions, %.1f s, %.0f B/record",
                            partitions,
                            r.seconds(),
                            (double) r.bytes() / r.records()));
        }
        if (!skip.contains("decode")) {
            System.out.println("(b) consumer + Avro decode");
            ConsumerRates.Result r = ConsumerRates.decoding(
                    bs, reg, topic, partitions, measurements, n -> System.out.printf("    %,d decoded%n", n));
            cpu.add("b_cpu", "(b) consumer + AvroDeserializer", r.perCpuSecond(), "rec/CPU-s", "");
            table.add(
                    "b_decoding_consumer",
                    "(b) consumer + AvroDeserializer",
                    r.rate(),
                    "rec/s",
                    String.format(Locale.ROOT, "same, every value decoded to Measurement, %.1f s", r.seconds()));
        }
        double c = Double.NaN;
        if (!skip.contains("textbook")) {
            createTopic(admin, TextbookTopology.OUTPUT_TOPIC, 6);
            System.out.println("(c) textbook Kafka Streams topology");
            ProcessorRun.Result r = runApp(
                    "textbook",
                    "bench-textbook",
                    "at_least_once",
                    textbookCommitMs,
                    "default",
                    1,
                    stack,
                    ends,
                    progress,
                    work,
                    false);
            c = r.rate();
            cpu.add(
                    "c_cpu",
                    "(c) textbook topology",
                    r.perCpuSecond(),
                    "rec/CPU-s",
                    "CPU of the processor JVM, RUNNING to input committed");
            table.add(
                    "c_textbook",
                    "(c) textbook topology (decode, re-key, hopping count)",
                    c,
                    "rec/s",
                    String.format(
                            Locale.ROOT,
                            "at_least_once, commit %s ms, 1 thread; input committed in %.1f s",
                            textbookCommitMs,
                            r.seconds()));
            table.add(
                    "c_textbook_drained",
                    "(c) textbook, until repartition topic drained",
                    r.drainedRate(),
                    "rec/s",
                    String.format(Locale.ROOT, "%.1f s", r.drainSeconds()));
        }
        double floor = Double.NaN;
        double floorDecode = Double.NaN;
        if (!skip.contains("floor")) {
            // the detection's commit interval and guarantee, so they pay the same number of transactions
            String commitMs = vantageCommitMs.equals("default")
                    ? Long.toString(
                            ProcessorSettings.COMMIT_INTERVAL.defaultValue().toMillis())
                    : vantageCommitMs;
            System.out.println("(e) Kafka Streams floor: consume only, exactly_once_v2");
            ProcessorRun.Result r = runApp(
                    "floor",
                    "bench-floor",
                    "exactly_once_v2",
                    commitMs,
                    "default",
                    1,
                    stack,
                    ends,
                    progress,
                    work,
                    false);
            floor = r.rate();
            cpu.add("e_floor_cpu", "(e) Kafka Streams floor", r.perCpuSecond(), "rec/CPU-s", "");
            table.add(
                    "e_streams_floor",
                    "(e) Kafka Streams floor: bytes in, nothing else",
                    floor,
                    "rec/s",
                    String.format(
                            Locale.ROOT,
                            "exactly_once_v2, commit %s ms, 1 thread, no decode/state/output; %.1f s",
                            commitMs,
                            r.seconds()));
            System.out.println("(e') Kafka Streams floor with Avro decode, exactly_once_v2");
            r = runApp(
                    "floor-decode",
                    "bench-floor-decode",
                    "exactly_once_v2",
                    commitMs,
                    "default",
                    1,
                    stack,
                    ends,
                    progress,
                    work,
                    false);
            floorDecode = r.rate();
            cpu.add("e_floor_decode_cpu", "(e') Kafka Streams floor + decode", r.perCpuSecond(), "rec/CPU-s", "");
            table.add(
                    "e_streams_floor_decode",
                    "(e') Kafka Streams floor + Avro decode",
                    floorDecode,
                    "rec/s",
                    String.format(
                            Locale.ROOT, "same, every value decoded to Measurement and dropped; %.1f s", r.seconds()));
        }
        double dAlos = Double.NaN;
        if (!skip.contains("alos")) {
            System.out.println("(d) Vantage detection topology, at_least_once");
            ProcessorRun.Result r = runApp(
                    "vantage",
                    "bench-vantage-alos",
                    "at_least_once",
                    vantageCommitMs,
                    vantageCacheBytes,
                    1,
                    stack,
                    ends,
                    progress,
                    work,
                    false);
            dAlos = r.rate();
            cpu.add("d_alos_cpu", "(d) Vantage detection, at_least_once", r.perCpuSecond(), "rec/CPU-s", "");
            table.add(
                    "d_vantage_alos",
                    "(d) Vantage detection, at_least_once",
                    dAlos,
                    "rec/s",
                    String.format(
                            Locale.ROOT,
                            "input committed in %.1f s; drained in %.1f s",
                            r.seconds(),
                            r.drainSeconds()));
            table.add(
                    "state_bytes_alos",
                    "processor state dir size (d, ALOS)",
                    r.stateBytes() / 1048576.0,
                    "MiB",
                    "after the throughput run only, processor stopped");
        }
        if (!skip.contains("verify")) {
            // the cost of believing only enrolled probes: the same run as (d) ALOS, every record's MAC checked first
            System.out.println("(d') Vantage detection topology, at_least_once, probe signatures verified");
            Map<TopicPartition, Long> deadBefore = progress.endOffsets(VantageTopic.DEAD_LETTERS.topicName());
            ProcessorRun.Result r = runApp(
                    "vantage-verified",
                    "bench-vantage-alos-verified",
                    "at_least_once",
                    vantageCommitMs,
                    vantageCacheBytes,
                    1,
                    stack,
                    ends,
                    progress,
                    work,
                    false);
            long rejected = total(progress.endOffsets(VantageTopic.DEAD_LETTERS.topicName())) - total(deadBefore);
            if (rejected > measurements / 100) {
                throw new IllegalStateException(
                        "the verified run dead-lettered " + rejected + " records: the load is not signed as "
                                + "enrolled; its rate would not be the cost of verification");
            }
            cpu.add("d_alos_verified_cpu", "(d') Vantage detection, ALOS, verified", r.perCpuSecond(), "rec/CPU-s", "");
            table.add(
                    "d_vantage_alos_verified",
                    "(d') Vantage detection, at_least_once, signatures verified",
                    r.rate(),
                    "rec/s",
                    String.format(
                            Locale.ROOT,
                            "VANTAGE_PROBE_TRUST=enrolled (HMAC-SHA256 per record, enrollments a global table); "
                                    + "input committed in %.1f s; %d dead-lettered",
                            r.seconds(),
                            rejected));
            table.add(
                    "ratio_verified_alos",
                    "ratio (d') verified / (d) ALOS unverified",
                    r.rate() / dAlos,
                    "x",
                    "cost of verification");
        }
        System.out.println("(d) Vantage detection topology, exactly_once_v2 (stays up for the latency run)");
        ProcessorRun.Result eos = runApp(
                "vantage",
                "bench-vantage-eos",
                "exactly_once_v2",
                vantageCommitMs,
                vantageCacheBytes,
                1,
                stack,
                ends,
                progress,
                work,
                true);
        double d = eos.rate();
        cpu.add("d_eos_cpu", "(d) Vantage detection, exactly_once_v2", eos.perCpuSecond(), "rec/CPU-s", "");
        table.add(
                "d_vantage_eos",
                "(d) Vantage detection, exactly_once_v2",
                d,
                "rec/s",
                String.format(
                        Locale.ROOT,
                        "input committed in %.1f s; drained in %.1f s",
                        eos.seconds(),
                        eos.drainSeconds()));
        ChildProcess processor = eos.children().get(0);
        try {
            if (!skip.contains("latency")) {
                Map<String, Object> lat = new LinkedHashMap<>();
                int first = 0;
                if (sustainedRepetitions > 0) {
                    // a rate this processor keeps up with, measured first so its backlog cannot distort it
                    double sustainable = Math.min(backgroundRate, Math.floor(d * sustainableShare / 100 / 100) * 100);
                    lat.put(
                            "sustainable",
                            latency(
                                    stack,
                                    progress,
                                    processor,
                                    table,
                                    sustainable,
                                    first,
                                    sustainedRepetitions,
                                    "latency_sustainable",
                                    "at " + (long) sustainable + "/s"));
                    first += sustainedRepetitions;
                }
                lat.put(
                        "target",
                        latency(
                                stack,
                                progress,
                                processor,
                                table,
                                backgroundRate,
                                first,
                                repetitions,
                                "latency",
                                "at " + (long) backgroundRate + "/s"));
                json.put("latency", lat);
            }
        } finally {
            String fin = processor.stop(Duration.ofSeconds(90));
            long stateAfter = ProcessorRun.size(work.resolve("state").resolve("bench-vantage-eos-0"));
            if (fin != null) {
                table.add(
                        "heap_peak",
                        "processor peak heap used (d, EOS)",
                        ChildProcess.field(fin, "heapPeak") / 1048576.0,
                        "MiB",
                        "child JVM -Xmx" + processorHeap
                                + ", MemoryMXBean sampled every 50 ms, throughput + latency runs");
                table.add(
                        "rss_peak",
                        "processor peak RSS (heap + RocksDB + rest)",
                        ChildProcess.field(fin, "rssPeak") / 1048576.0,
                        "MiB",
                        "VmHWM of the child JVM");
            }
            table.add(
                    "state_bytes",
                    "processor state dir size (d, EOS)",
                    stateAfter / 1048576.0,
                    "MiB",
                    "all files under its state.dir after it stopped (RocksDB flushed), throughput + latency runs");
        }
        if (!skip.contains("probe")) {
            probeRate(stack, work, table);
        }
        table.add("ratio_d_a", "ratio (d) EOS / (a) plain consumer", d / a, "x", "target >= 0.30");
        table.add("ratio_d_c", "ratio (d) EOS / (c) textbook", d / c, "x", "target >= 3");
        table.add(
                "ratio_e_a",
                "ratio (e) floor / (a) plain consumer",
                floor / a,
                "x",
                "ceiling of any Kafka Streams topology");
        table.add(
                "ratio_e2_a",
                "ratio (e') floor + decode / (a)",
                floorDecode / a,
                "x",
                "ceiling of one that reads the measurements");
        table.add("ratio_d_e2", "ratio (d) EOS / (e') floor + decode", d / floorDecode, "x", "share of that ceiling");
        table.add(
                "ratio_eos_alos", "ratio (d) exactly_once_v2 / at_least_once", d / dAlos, "x", "cost of exactly-once");
        cpu.add("cpu_ratio_d_a", "CPU ratio (d) EOS / (a)", cpu.value("d_eos_cpu") / cpu.value("a_cpu"), "x", "");
        cpu.add("cpu_ratio_d_c", "CPU ratio (d) EOS / (c)", cpu.value("d_eos_cpu") / cpu.value("c_cpu"), "x", "");
        cpu.add(
                "cpu_ratio_eos_alos",
                "CPU ratio (d) EOS / ALOS",
                cpu.value("d_eos_cpu") / cpu.value("d_alos_cpu"),
                "x",
                "");
        for (ResultTable.Row row : cpu.rows()) {
            table.add(row.key(), "per CPU-second: " + row.label(), row.value(), row.unit(), row.note());
        }
    }

    private static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Loads the topic with the simulator; returns the producer rate. */
    private double load(LocalStack stack, ResultTable table) throws Exception {
        Instant end = Instant.now().minusSeconds(30);
        Scenario s = BenchFleet.load(measurements, end);
        System.out.printf(
                "loading %,d measurements: %d countries, %d networks, %d probes, %d platforms, event time %s .. %s,%n"
                        + "  disruptions: %s%n",
                measurements,
                BenchFleet.COUNTRIES.size(),
                s.networks().size(),
                s.probeCount(),
                s.platforms().size(),
                s.start(),
                s.end(),
                s.disruptions().stream().map(Scenario.Disruption::name).toList());
        // every probe of the fleet enrolled and every record signed, so that the same topic serves the runs without and
        // with verification (a detector that does not verify ignores the headers)
        RecordSigner signer = RecordSigner.of(FleetEnrollment.enroll(
                s,
                new PublisherSettings(
                        stack.bootstrapServers(), stack.registryUrl(), "bench-enroll", Duration.ofSeconds(10), 500)));
        KafkaLoadSink sink = new KafkaLoadSink(stack.bootstrapServers(), stack.registryUrl(), measurements, signer);
        FleetSimulator sim = new FleetSimulator(s, sink, Pacing.asFastAsPossible(), Duration.ofHours(1));
        sink.onLimit(sim::stop);
        long start = System.nanoTime();
        Thread reporter = new Thread(
                () -> {
                    try {
                        while (true) {
                            Thread.sleep(3000);
                            double secs = (System.nanoTime() - start) / 1e9;
                            System.out.printf(
                                    "    %,d sent, %,d acknowledged (%,.0f/s)%n",
                                    sink.sent(), sink.delivered(), sink.delivered() / secs);
                        }
                    } catch (InterruptedException e) {
                        // done
                    }
                },
                "load-progress");
        reporter.setDaemon(true);
        reporter.start();
        sim.run();
        sink.close();
        reporter.interrupt();
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "  loaded %,d measurements (+%,d heartbeats) in %.1f s (%,.0f/s)%n",
                sink.delivered(), sink.heartbeatsSent(), secs, sink.delivered() / secs);
        return sink.delivered() / secs;
    }

    private Map<String, Object> latency(
            LocalStack stack,
            GroupProgress progress,
            ChildProcess processor,
            ResultTable table,
            double rate,
            int firstRep,
            int reps,
            String key,
            String label)
            throws Exception {
        System.out.printf(
                "latency: background load %,.0f measurements/s into the running detection (EOS), %d injected disruptions%n",
                rate, reps);
        LatencySeries series = new LatencySeries(
                stack.bootstrapServers(),
                stack.registryUrl(),
                progress,
                "bench-vantage-eos",
                thresholds(),
                seriesBudgetSeconds);
        LatencySeries.Result result;
        try (BackgroundLoad bg =
                new BackgroundLoad(stack.bootstrapServers(), stack.registryUrl(), FleetShape.BASE, rate)) {
            bg.start();
            Thread.sleep(warmupSeconds * 1000L);
            result = series.run(processor, bg, firstRep, reps);
            table.add(
                    key + "_bg_rate",
                    "latency " + label + ": background achieved",
                    bg.achievedRate(),
                    "rec/s",
                    String.format(Locale.ROOT, "processor input lag at the end %,d records", series.inputLag()));
        }
        List<Long> samples = result.samples();
        String how = "produce of completing measurement -> OPENED readable (read_committed), " + samples.size() + "/"
                + reps + " seen";
        table.add(key + "_p50", "alert latency p50 " + label, Percentiles.of(samples, 50), "ms", how);
        table.add(
                key + "_p99",
                "alert latency p99 " + label,
                Percentiles.of(samples, 99),
                "ms",
                "nearest rank" + (rate >= 20_000 ? "; target < 2000 at 20,000/s" : ""));
        table.add(
                key + "_max",
                "alert latency max " + label,
                samples.stream().mapToLong(Long::longValue).max().orElse(-1),
                "ms",
                "");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("definition", LATENCY_DEFINITION);
        m.put("backgroundRate", rate);
        m.put("repetitions", result.repetitions());
        return m;
    }

    static final String LATENCY_DEFINITION =
            "wall clock from producing the measurement whose event time moves the network's "
                    + "watermark past end(W2) + grace, after two failing 1-minute windows W1, W2 of 5 probes were produced, to the "
                    + "OPENED alert being returned by a read_committed consumer of vantage.alerts.v1";

    private void probeRate(LocalStack stack, Path work, ResultTable table) throws Exception {
        System.out.printf(
                "probe agent: simulator unpaced (pk-2024-01-20), %,d measurements, spool + transactional publisher, own JVM%n",
                probeMeasurements);
        try (ChildProcess sim = ChildProcess.start(
                "simulator",
                "512m",
                List.of(),
                work.resolve("logs"),
                SimulatorChild.class.getName(),
                List.of(
                        stack.bootstrapServers(),
                        stack.registryUrl(),
                        "pk-2024-01-20",
                        Long.toString(probeMeasurements),
                        work.resolve("sim-spool").toString()))) {
            String line = sim.await(l -> l.startsWith("SIM "), Duration.ofMinutes(15));
            long n = ChildProcess.field(line, "measurements");
            double cpu = ChildProcess.field(line, "cpuNanos") / 1e9;
            double wall = ChildProcess.field(line, "wallNanos") / 1e9;
            table.add(
                    "probe_per_core",
                    "probe agent publishing rate per core (simulator)",
                    n / cpu,
                    "rec/s/core",
                    String.format(
                            Locale.ROOT,
                            "%,d published / %.1f s process CPU (wall %.1f s, %,.0f/s)",
                            n,
                            cpu,
                            wall,
                            n / wall));
        }
    }

    /**
     * Runs one Kafka Streams application ({@link ProcessorRun}) over the loaded measurements topic of {@code stack}, with
     * this run's processor JVM settings (heap, options, store type).
     */
    private ProcessorRun.Result runApp(
            String kind,
            String appId,
            String guarantee,
            String commitMs,
            String cacheBytes,
            int instances,
            LocalStack stack,
            Map<TopicPartition, Long> ends,
            GroupProgress progress,
            Path work,
            boolean keepRunning)
            throws Exception {
        ProcessorRun.Spec spec = new ProcessorRun.Spec(
                kind,
                appId,
                guarantee,
                commitMs,
                cacheBytes,
                instances,
                processorHeap,
                processorJvmOptions,
                vantageStores.name(),
                "",
                processorEnv());
        return ProcessorRun.run(
                spec,
                stack.bootstrapServers(),
                stack.registryUrl(),
                VantageTopic.MEASUREMENTS.topicName(),
                ends,
                progress,
                work,
                keepRunning);
    }

    /** What the processor JVMs get on top of the benchmark's own environment. */
    private Map<String, String> processorEnv() {
        if (countryWaitTimeout == null) {
            return Map.of();
        }
        org.vantage.config.Durations.parse(
                countryWaitTimeout); // fails here, with what to write instead, not in a child
        return Map.of("VANTAGE_COUNTRY_WAIT_TIMEOUT", countryWaitTimeout);
    }

    /** The file named by {@code VANTAGE_KAFKA_CLIENT_PROPERTIES}, which the processor JVMs inherit; null if not set. */
    private static String clientPropertiesFile() {
        return Sources.processEnvironment().environment().get(KafkaSettings.CLIENT_PROPERTIES.env());
    }

    /** The thresholds the processor JVMs run with: the benchmark's environment plus {@link #processorEnv()}. */
    private DetectionThresholds thresholds() {
        Map<String, String> env = new HashMap<>(Sources.processEnvironment().environment());
        env.putAll(processorEnv());
        return org.vantage.detect.config.ProcessorConfig.fromEnv(env).thresholds();
    }

    private boolean given(String option) {
        return commandSpec != null && commandSpec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * The scale sweep: shorter latency series than the full run and a larger processor heap unless given (the largest
     * point holds a hundred times the base point's open windows); results as markdown, CSV, SVG and JSON side by side.
     */
    private Integer sweep() throws Exception {
        if (render != null) {
            System.out.println("written: " + SweepFiles.render(render));
            return 0;
        }
        List<FleetShape> points = this.points == null || this.points.isEmpty() ? FleetShape.DEFAULT_SWEEP : this.points;
        long perPoint = given("--measurements") ? measurements : SWEEP_MEASUREMENTS;
        int reps = given("--repetitions") ? repetitions : SWEEP_REPETITIONS;
        int warmup = given("--warmup") ? warmupSeconds : SWEEP_WARMUP;
        String heap = given("--processor-heap") ? processorHeap : SWEEP_HEAP;
        if (reps < 1 || reps > DisruptionInjection.COUNTRIES.size()) {
            throw new CommandLine.ParameterException(
                    commandSpec.commandLine(),
                    "--repetitions must be 1.." + DisruptionInjection.COUNTRIES.size() + " (one fresh country each)");
        }
        if (minIntervals < 1) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), "--min-intervals must be >= 1");
        }
        Path work = dataDir != null ? dataDir : Files.createTempDirectory("vantage-bench-sweep");
        String ts = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Path jsonOut = out != null ? out : Path.of("bench", "results", "sweep-" + ts + ".json");
        Sweep.Options options = new Sweep.Options(
                points,
                perPoint,
                minIntervals,
                compareEveryPoint,
                skip,
                backgroundRate,
                reps,
                warmup,
                seriesBudgetSeconds,
                restoreBudgetSeconds,
                heap,
                processorJvmOptions,
                brokerHeap,
                vantageCommitMs,
                vantageCacheBytes,
                vantageStores.name(),
                textbookCommitMs,
                processorEnv(),
                thresholds(),
                work);
        Sweep sweep = new Sweep(options);
        String description = sweep.describe()
                + (clientPropertiesFile() == null
                        ? ""
                        : "; Kafka client properties from VANTAGE_KAFKA_CLIENT_PROPERTIES (see the JSON)");
        System.out.printf(
                "vantage-bench sweep: %s%n  %d cores, Java %s, work dir %s%n",
                description, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), work);
        System.out.println("note: figures are from one run on this machine; other processes (builds) add noise.");
        long t0 = System.nanoTime();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timestamp", Instant.now().toString());
        json.put("machine", machine());
        Map<String, Object> params = parameters();
        params.put("measurementsPerPointAtLeast", perPoint);
        params.put("minIntervals", minIntervals);
        params.put("points", points.stream().map(FleetShape::key).toList());
        params.put("repetitions", reps);
        params.put("warmupSeconds", warmup);
        params.put("processorHeap", heap);
        params.put("compareEveryPoint", compareEveryPoint);
        params.put("countryWaitTimeout", countryWaitTimeout);
        String clientProperties = clientPropertiesFile();
        if (clientProperties != null && !clientProperties.isBlank()) {
            // the processors inherit it: what it set belongs with the figures
            params.put(
                    "kafkaClientProperties",
                    Files.readAllLines(Path.of(clientProperties.trim())).stream()
                            .filter(l -> !l.isBlank() && !l.startsWith("#"))
                            .toList());
        }
        json.put("parameters", params);
        List<SweepRow> rows;
        try {
            rows = sweep.run();
        } finally {
            if (dataDir == null) {
                deleteTree(work);
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        SweepFiles files = SweepFiles.write(jsonOut, rows, json, description, wall);
        System.out.println();
        System.out.println(SweepReport.markdown(rows));
        System.out.println(SweepReport.ratiosMarkdown(rows));
        System.out.println(SweepReport.targetsMarkdown(rows));
        System.out.printf("total wall time %.0f s%n", wall);
        System.out.println("written: " + files);
        return 0;
    }

    /** Parses --points. */
    static final class FleetShapeConverter implements CommandLine.ITypeConverter<FleetShape> {
        @Override
        public FleetShape convert(String value) {
            try {
                return FleetShape.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private Map<String, Object> scaleOut(
            LocalStack stack,
            Admin admin,
            GroupProgress progress,
            Map<TopicPartition, Long> ends,
            Path work,
            ResultTable table)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<Integer, Map<String, Integer>> alertIds = new HashMap<>();
        for (int instances : new int[] {1, 2}) {
            String app = "bench-scale-" + instances;
            Map<TopicPartition, Long> alertsFrom = progress.endOffsets(VantageTopic.ALERTS.topicName());
            System.out.printf("scale-out: %d instance(s), application id %s, exactly_once_v2%n", instances, app);
            ProcessorRun.Result r = runApp(
                    "vantage",
                    app,
                    "exactly_once_v2",
                    vantageCommitMs,
                    vantageCacheBytes,
                    instances,
                    stack,
                    ends,
                    progress,
                    work,
                    true);
            System.out.printf(
                    "    waiting %d s for wall-clock-driven assessments (country wait timeout, punctuation)%n",
                    settleSeconds);
            Thread.sleep(settleSeconds * 1000L);
            for (ChildProcess c : r.children()) {
                c.stop(Duration.ofSeconds(90));
            }
            Map<String, Integer> ids = new HashMap<>();
            try (AlertWatcher w = AlertWatcher.start(stack.bootstrapServers(), stack.registryUrl(), alertsFrom)) {
                Thread.sleep(5000);
                for (AlertWatcher.Seen s : w.seen()) {
                    ids.merge(s.alert().getAlertId(), 1, Integer::sum);
                }
            }
            alertIds.put(instances, ids);
            table.add(
                    "scale_" + instances,
                    "scale-out: " + instances + " instance(s), EOS",
                    r.rate(),
                    "rec/s",
                    String.format(
                            Locale.ROOT,
                            "input committed in %.1f s, %d alerts (%d distinct ids)",
                            r.seconds(),
                            ids.values().stream().mapToInt(Integer::intValue).sum(),
                            ids.size()));
            out.put(
                    "instances" + instances,
                    Map.of(
                            "rate",
                            r.rate(),
                            "seconds",
                            r.seconds(),
                            "alerts",
                            ids.values().stream().mapToInt(Integer::intValue).sum(),
                            "distinctAlertIds",
                            ids.size()));
        }
        Set<String> one = alertIds.get(1).keySet();
        Set<String> two = alertIds.get(2).keySet();
        List<String> lost =
                one.stream().filter(id -> !two.contains(id)).sorted().toList();
        List<String> extra =
                two.stream().filter(id -> !one.contains(id)).sorted().toList();
        List<String> dup = Stream.concat(alertIds.get(1).entrySet().stream(), alertIds.get(2).entrySet().stream())
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        table.add(
                "scale_ratio",
                "scale-out: 2 / 1 instances",
                table.value("scale_2") / table.value("scale_1"),
                "x",
                "same broker, same 2 cores");
        table.add(
                "scale_lost",
                "scale-out: alert ids of 1 instance missing with 2",
                lost.size(),
                "ids",
                String.join(" ", lost));
        table.add(
                "scale_extra",
                "scale-out: alert ids only with 2 instances",
                extra.size(),
                "ids",
                String.join(" ", extra));
        table.add("scale_dup", "scale-out: alert ids emitted more than once", dup.size(), "ids", String.join(" ", dup));
        out.put("lost", lost);
        out.put("extra", extra);
        out.put("duplicated", dup);
        return out;
    }

    private static void createTopic(Admin admin, String name, int partitions) throws Exception {
        if (!admin.listTopics().names().get().contains(name)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get();
        }
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        m.put(
                "totalMemoryBytes",
                ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize());
        m.put("note", "broker, processors and load generator share the same machine");
        return m;
    }

    private Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode.name());
        m.put("measurements", measurements);
        m.put("backgroundRate", backgroundRate);
        m.put("repetitions", repetitions);
        m.put("sustainedRepetitions", sustainedRepetitions);
        m.put("sustainableSharePercent", sustainableShare);
        m.put("probeMeasurements", probeMeasurements);
        m.put("processorHeap", processorHeap);
        m.put("brokerHeap", brokerHeap);
        m.put("vantageCommitMs", vantageCommitMs);
        m.put("vantageCacheBytes", vantageCacheBytes);
        m.put("textbookCommitMs", textbookCommitMs);
        m.put("vantageStores", vantageStores.name());
        m.put("processorJvmOptions", processorJvmOptions);
        m.put("skip", skip);
        return m;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            System.out.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
