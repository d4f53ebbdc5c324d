package org.vantage.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One throughput run of a Kafka Streams topology in child JVMs (one or more instances of one application id)
 * over the whole loaded topic from the beginning. The clock starts when every instance has reported RUNNING
 * (so JVM start, topic metadata and state restoration are not counted) and stops when the group's committed
 * offsets of the input topic reach the end offsets taken after loading; committed offsets are polled every
 * 100 ms. Records consumed before the clock started are subtracted. The time until the downstream topics the
 * application reads (repartition topics, intermediate topics) are drained is reported as well.
 */
final class ProcessorRun {
    record Result(
            String appId,
            int instances,
            long records,
            double seconds,
            double drainSeconds,
            List<String> finals,
            long stateBytes,
            List<ChildProcess> children,
            double cpuSeconds) {
        /** Records per CPU-second of the processor JVM(s): far less sensitive than wall-clock rates to other load. */
        double perCpuSecond() {
            return records / cpuSeconds;
        }

        double rate() {
            return records / seconds;
        }

        double drainedRate() {
            return records / drainSeconds;
        }

        long max(String field) {
            return finals.stream()
                    .filter(f -> f != null)
                    .mapToLong(f -> ChildProcess.field(f, field))
                    .max()
                    .orElse(-1);
        }
    }

    /**
     * One application's run. {@code namePrefix} goes before each instance's name ({@code <appId>-<i>}), which names its log
     * and replaces {@code {name}} in the JVM options (so that runs of the same application id on several stacks, the
     * sweep's points, do not overwrite each other's logs and profiles); {@code env} is added to the child's environment
     * (processor settings such as {@code VANTAGE_COUNTRY_WAIT_TIMEOUT}).
     */
    record Spec(
            String kind,
            String appId,
            String guarantee,
            String commitMs,
            String cacheBytes,
            int instances,
            String heap,
            List<String> jvmOptions,
            String stores,
            String namePrefix,
            Map<String, String> env) {
        Path stateDir(Path workDir, int instance) {
            return workDir.resolve("state").resolve(appId + "-" + instance);
        }
    }

    private ProcessorRun() {}

    static Result run(
            Spec spec,
            String bootstrap,
            String registryUrl,
            String inputTopic,
            Map<TopicPartition, Long> ends,
            GroupProgress progress,
            Path workDir,
            boolean keepRunning)
            throws Exception {
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        List<ChildProcess> children = new ArrayList<>();
        List<Path> stateDirs = new ArrayList<>();
        boolean transactional = spec.guarantee().startsWith("exactly_once");
        try {
            for (int i = 0; i < spec.instances(); i++) {
                stateDirs.add(spec.stateDir(workDir, i));
                children.add(startChild(spec, i, "", bootstrap, registryUrl, workDir));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(40).toNanos();
            Long startMs = null;
            long consumedAtStart = 0;
            long inputDoneMs = -1;
            long cpuAtStart = 0;
            long cpuAtEnd = 0;
            long lastPrint = 0;
            while (true) {
                for (ChildProcess c : children) {
                    c.failIfDown();
                }
                long now = System.currentTimeMillis();
                Map<TopicPartition, OffsetAndMetadata> committed = progress.committed(spec.appId());
                long consumed = GroupProgress.consumed(ends, committed);
                if (startMs == null && children.stream().allMatch(c -> c.stateTime("RUNNING") != null)) {
                    startMs = children.stream()
                            .mapToLong(c -> c.stateTime("RUNNING"))
                            .max()
                            .getAsLong();
                    consumedAtStart = consumed;
                    cpuAtStart = cpu(children);
                }
                if (now - lastPrint >= 3000) {
                    double secs = startMs == null ? 0 : (now - startMs) / 1000.0;
                    System.out.printf(
                            "    %s: %,d / %,d input records committed%s%n",
                            spec.appId(),
                            consumed,
                            total,
                            secs > 0 ? String.format(" (%,.0f/s)", (consumed - consumedAtStart) / secs) : "");
                    lastPrint = now;
                }
                if (startMs != null && consumed >= total && inputDoneMs < 0) {
                    inputDoneMs = now;
                    cpuAtEnd = cpu(children);
                }
                if (inputDoneMs >= 0
                        && (progress.downstreamBacklog(spec.appId(), inputTopic, transactional) == 0
                                || now - inputDoneMs > 120_000)) {
                    double secs = (inputDoneMs - startMs) / 1000.0;
                    double drain = (now - startMs) / 1000.0;
                    long records = total - consumedAtStart;
                    List<String> finals = new ArrayList<>();
                    if (!keepRunning) {
                        for (ChildProcess c : children) {
                            finals.add(c.stop(Duration.ofSeconds(90)));
                        }
                    }
                    long state = 0;
                    for (Path d : stateDirs) {
                        state += size(d);
                    }
                    return new Result(
                            spec.appId(),
                            spec.instances(),
                            records,
                            secs,
                            drain,
                            finals,
                            state,
                            children,
                            (cpuAtEnd - cpuAtStart) / 1e9);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(spec.appId() + " did not finish within 40 minutes");
                }
                Thread.sleep(100);
            }
        } catch (Exception | Error e) {
            children.forEach(ChildProcess::close);
            throw e;
        }
    }

    /**
     * Starts instance {@code i} of the application in its own JVM on its state directory (kept if it exists: a restart
     * finds its state there); {@code suffix} is appended to its name, e.g. for a restarted instance.
     */
    static ChildProcess startChild(Spec spec, int i, String suffix, String bootstrap, String registryUrl, Path workDir)
            throws IOException {
        Path stateDir = spec.stateDir(workDir, i);
        Files.createDirectories(stateDir);
        String instance = spec.namePrefix() + spec.appId() + "-" + i + suffix;
        List<String> jvm = spec.jvmOptions().stream()
                .map(o -> o.replace("{name}", instance))
                .toList();
        return ChildProcess.start(
                instance,
                spec.heap(),
                jvm,
                spec.env(),
                workDir.resolve("logs"),
                ProcessorChild.class.getName(),
                List.of(
                        spec.kind(),
                        bootstrap,
                        registryUrl,
                        spec.appId(),
                        stateDir.toString(),
                        spec.guarantee(),
                        spec.commitMs(),
                        spec.cacheBytes(),
                        "earliest",
                        spec.stores()));
    }

    /** Sum of the children's latest reported process CPU time, in nanoseconds (reported every 250 ms). */
    static long cpu(List<ChildProcess> children) {
        long sum = 0;
        for (ChildProcess c : children) {
            String l = c.last("STATS");
            sum += l == null ? 0 : ChildProcess.field(l, "cpuNanos");
        }
        return sum;
    }

    /** Bytes of all regular files under {@code dir}. */
    static long size(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0; // a RocksDB file deleted while we walk
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
