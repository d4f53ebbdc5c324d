package org.vantage.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.vantage.config.Sources;
import org.vantage.detect.VantageTopology;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.detect.config.TrustSettings;
import org.vantage.detect.model.DetectionMetrics;

/**
 * A stream processor in its own JVM, so its heap and RSS are its own and several instances can run side by
 * side (scale-out). Runs the Vantage detection topology, the textbook baseline or a do-nothing floor.
 *
 * <p>Protocol on stdout, one line each: {@code STATE <state> <epochMs>} on every state change,
 * {@code STATS processed=<n> heapUsed=<b> heapPeak=<b> cpuNanos=<process CPU> restored=<n> changelogBytes=<b> at=<epochMs>} every 250 ms
 * ({@code restored}: changelog records restored into state stores so far; {@code changelogBytes}: bytes sent to the
 * changelog topics so far), {@code LIVE heapUsed=<b> at=<epochMs>} after
 * {@code gc} on stdin (the heap still in use after a full collection: the live set), {@code CHANGELOG bytes=<b> at=<epochMs>}
 * after {@code changelog} on stdin (bytes sent to the changelogs so far, counted now), {@code RESTORING at=<epochMs>} when
 * the first store starts restoring from its changelog, and after {@code stop} on stdin
 * (or stdin closed) {@code FINAL processed=<n> heapPeak=<b> rssPeak=<b>}. Peak heap is the largest used heap
 * seen by sampling {@link MemoryMXBean} every 50 ms; peak RSS is the kernel's VmHWM (heap + RocksDB + rest).
 *
 * <p>Arguments: {@code vantage|textbook|floor|floor-decode bootstrap registryUrl applicationId stateDir guarantee commitMs
 * cacheBytes earliest|latest PERSISTENT|IN_MEMORY} (the last: the detection's store type).
 */
public final class ProcessorChild {
    private ProcessorChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println(
                    "usage: ProcessorChild vantage|vantage-verified|textbook|floor|floor-decode bootstrap registryUrl applicationId stateDir guarantee "
                            + "commitMs cacheBytes earliest|latest PERSISTENT|IN_MEMORY");
            System.exit(2);
        }
        String kind = args[0];
        String bootstrap = args[1];
        String registry = args[2];
        String appId = args[3];
        String stateDir = args[4];
        String guarantee = args[5];
        String commitMs = args[6];
        String cacheBytes = args[7];
        String reset = args[8];
        VantageTopology.StoreType stores = VantageTopology.StoreType.valueOf(args[9]);

        AtomicLong textbookCount = new AtomicLong();
        DetectionMetrics metrics = new DetectionMetrics(new SimpleMeterRegistry());
        Topology topology;
        Properties props;
        if (kind.equals("vantage") || kind.equals("vantage-verified")) {
            // other processor settings (e.g. VANTAGE_STREAM_THREADS) come from the bench's environment
            ProcessorConfig.Builder processor = ProcessorConfig.builder(Sources.processEnvironment())
                    .bootstrapServers(bootstrap)
                    .schemaRegistryUrl(registry)
                    .applicationId(appId)
                    .stateDir(Path.of(stateDir))
                    .set(ProcessorSettings.PROCESSING_GUARANTEE, guarantee)
                    .httpPort(0);
            if (!commitMs.equals("default")) {
                processor.commitInterval(Duration.ofMillis(Long.parseLong(commitMs)));
            }
            if (!cacheBytes.equals("default")) {
                processor.set(ProcessorSettings.CACHE_MAX_BYTES, Long.parseLong(cacheBytes));
            }
            if (kind.equals("vantage-verified")) {
                // every record's HMAC checked against the enrolled-probes global table before it is decoded
                processor.set(ProcessorSettings.PROBE_TRUST, TrustSettings.Mode.ENROLLED);
            }
            ProcessorConfig cfg = processor.build().validate();
            props = cfg.streamsProperties();
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), reset);
            topology = VantageTopology.build(cfg.thresholds(), cfg.serdeConfig(), metrics, stores, props);
        } else if (kind.equals("textbook") || kind.startsWith("floor")) {
            topology = switch (kind) {
                case "textbook" -> TextbookTopology.build(registry, textbookCount);
                case "floor" -> TextbookTopology.floor(null, textbookCount);
                case "floor-decode" -> TextbookTopology.floor(registry, textbookCount);
                default -> throw new IllegalArgumentException("unknown kind " + kind);
            };
            props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
            if (!commitMs.equals("default")) {
                props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.parseLong(commitMs));
            }
            if (!cacheBytes.equals("default")) {
                props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.parseLong(cacheBytes));
            }
        } else {
            throw new IllegalArgumentException(
                    "kind must be vantage, vantage-verified, textbook, floor or floor-decode, got " + kind);
        }
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), reset);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong heapPeak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heap-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(
                () -> heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0,
                50,
                TimeUnit.MILLISECONDS);
        java.util.function.LongSupplier processed =
                kind.startsWith("vantage") ? () -> (long) metrics.measurementCount() : textbookCount::get;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong restored = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean restoreStarted = new java.util.concurrent.atomic.AtomicBoolean();
        KafkaStreams streams = new KafkaStreams(topology, props);
        sampler.scheduleAtFixedRate(
                () -> out("STATS processed=" + processed.getAsLong() + " heapUsed="
                        + memory.getHeapMemoryUsage().getUsed() + " heapPeak=" + heapPeak.get() + " cpuNanos="
                        + os.getProcessCpuTime()
                        + " restored=" + restored.get() + " changelogBytes=" + changelogBytes(streams) + " at="
                        + System.currentTimeMillis()),
                250,
                250,
                TimeUnit.MILLISECONDS);

        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
                if (isChangelog(partition) && restoreStarted.compareAndSet(false, true)) {
                    out("RESTORING at="
                            + System.currentTimeMillis()); // the group assigned the tasks; restoration begins
                }
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
                if (isChangelog(partition)) {
                    restored.addAndGet(numRestored);
                }
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {}
        });
        streams.setStateListener((now, before) -> out("STATE " + now + " " + System.currentTimeMillis()));
        streams.setUncaughtExceptionHandler(e -> {
            out("ERROR " + e.toString().replace('\n', ' '));
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        streams.start();

        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
                if (line.trim().equals("gc")) {
                    System.gc();
                    out("LIVE heapUsed=" + memory.getHeapMemoryUsage().getUsed() + " at=" + System.currentTimeMillis());
                } else if (line.trim().equals("changelog")) {
                    changelogMetricsFound =
                            0; // look the counters up again: a store may have sent its first record just now
                    out("CHANGELOG bytes=" + changelogBytes(streams) + " at=" + System.currentTimeMillis());
                }
            }
        }
        streams.close(Duration.ofSeconds(60));
        out("FINAL processed=" + processed.getAsLong() + " heapPeak=" + heapPeak.get() + " rssPeak=" + peakRss());
        sampler.shutdownNow();
        System.exit(0);
    }

    /** A task's store restoring from its changelog (global stores restore from their source topics, at every start). */
    private static boolean isChangelog(TopicPartition partition) {
        return partition.topic().endsWith("-changelog");
    }

    /** The producer's per-changelog byte counters, found again every few seconds (a topic's appears with its first send). */
    private static volatile List<Metric> changelogMetrics = List.of();

    private static volatile long changelogMetricsFound;

    /**
     * Bytes the application's producer sent to its changelog topics so far (its per-topic {@code byte-total}): the
     * write load the state puts on the brokers, which the changelogs' size on disk does not show once they are compacted.
     * The metrics are looked up among all of Kafka Streams' (thousands) only every 5 s: that walk is not free.
     */
    static long changelogBytes(KafkaStreams streams) {
        long now = System.currentTimeMillis();
        if (now - changelogMetricsFound > 5000) {
            List<Metric> found = new ArrayList<>();
            for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
                MetricName n = e.getKey();
                String topic = n.tags().get("topic");
                if (n.group().equals("producer-topic-metrics")
                        && n.name().equals("byte-total")
                        && topic != null
                        && topic.endsWith("-changelog")) {
                    found.add(e.getValue());
                }
            }
            changelogMetrics = found;
            changelogMetricsFound = now;
        }
        double sum = 0;
        for (Metric m : changelogMetrics) {
            if (m.metricValue() instanceof Number v) {
                sum += v.doubleValue();
            }
        }
        return (long) sum;
    }

    private static synchronized void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** VmHWM of /proc/self/status in bytes, or -1 where there is no such file. */
    static long peakRss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
