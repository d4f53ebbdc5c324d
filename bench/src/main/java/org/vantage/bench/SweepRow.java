package org.vantage.bench;

/**
 * The figures of one point of the scale sweep. Rates are records per second of wall clock or per CPU-second of the
 * processor JVM; {@code NaN} where a figure was not measured (a phase skipped, a restore that never caught up).
 *
 * @param measurements        measurements loaded and processed from the beginning
 * @param detectRate          (d) detection, exactly-once: input records / seconds from RUNNING to input committed
 * @param detectPerCpu        the same per CPU-second of the processor JVM
 * @param heapPeakMiB         largest used heap sampled during the throughput and latency runs (garbage included)
 * @param liveHeapMiB         heap in use after a full collection at the end of the throughput run (the live set)
 * @param rssPeakMiB          VmHWM of the processor JVM before it was killed (heap + RocksDB + the rest)
 * @param stateDiskMiB        the state directory after the restarted processor stopped cleanly
 * @param openKeys            (network, platform, window) keys open at the end of the throughput run
 * @param changelogMiBps      bytes written to the changelogs per second during the throughput run
 * @param changelogSteadyKiBps the same during the latency run, at the fixed background rate
 * @param changelogMiB        the changelogs' size when the processor was killed: what a restore reads
 * @param restoreStartSeconds    from the SIGKILL (and immediate restart) to the first store restoring: JVM start and the
 *                               group's wait for the killed member's session to expire
 * @param restoreRunningSeconds  from the SIGKILL to RUNNING (state restored)
 * @param restoreCaughtUpSeconds from the SIGKILL to an input lag of at most one second of the background load
 * @param restoredRecords     changelog records the restarted processor restored
 * @param latencyP50Ms        alert latency at the background rate, median
 * @param latencyP99Ms        the same, 99th percentile (nearest rank)
 * @param latencySeen         injections whose alert was seen within 60 s
 * @param latencyInjected     injections made
 * @param backgroundRate      background measurements per second actually produced during the latency run
 * @param textbookRate        (c) textbook topology on the same topic, or NaN where not run
 * @param floorDecodeRate     (e') Kafka Streams decode-only floor on the same topic, or NaN where not run
 */
record SweepRow(
        FleetShape shape,
        long measurements,
        double loadSeconds,
        double detectRate,
        double detectPerCpu,
        double detectSeconds,
        double heapPeakMiB,
        double liveHeapMiB,
        double rssPeakMiB,
        double stateDiskMiB,
        long openKeys,
        double changelogMiBps,
        double changelogSteadyKiBps,
        double changelogMiB,
        double restoreStartSeconds,
        double restoreRunningSeconds,
        double restoreCaughtUpSeconds,
        long restoredRecords,
        double latencyP50Ms,
        double latencyP99Ms,
        int latencySeen,
        int latencyInjected,
        double backgroundRate,
        double textbookRate,
        double floorDecodeRate) {

    /**
     * A point back from its CSV/JSON columns ({@link SweepReport#COLUMNS} keys; derived columns are ignored, a missing or
     * null figure is NaN): results can be rendered again without running again.
     */
    static SweepRow fromColumns(java.util.Map<String, ? extends Number> c) {
        java.util.function.ToDoubleFunction<String> d =
                k -> c.get(k) == null ? Double.NaN : c.get(k).doubleValue();
        return new SweepRow(
                new FleetShape((int) d.applyAsDouble("probes"), (int) d.applyAsDouble("networks"), (int)
                        d.applyAsDouble("countries")),
                (long) d.applyAsDouble("measurements"),
                d.applyAsDouble("load_s"),
                d.applyAsDouble("detect_rec_s"),
                d.applyAsDouble("detect_rec_cpu_s"),
                d.applyAsDouble("detect_s"),
                d.applyAsDouble("heap_peak_mib"),
                d.applyAsDouble("live_heap_mib"),
                d.applyAsDouble("rss_peak_mib"),
                d.applyAsDouble("state_disk_mib"),
                (long) d.applyAsDouble("open_keys"),
                d.applyAsDouble("changelog_mib_s"),
                d.applyAsDouble("changelog_steady_kib_s"),
                d.applyAsDouble("changelog_mib"),
                d.applyAsDouble("restore_start_s"),
                d.applyAsDouble("restore_running_s"),
                d.applyAsDouble("restore_caught_up_s"),
                (long) d.applyAsDouble("restored_records"),
                d.applyAsDouble("latency_p50_ms"),
                d.applyAsDouble("latency_p99_ms"),
                (int) d.applyAsDouble("latency_seen"),
                (int) d.applyAsDouble("latency_injected"),
                d.applyAsDouble("background_rate"),
                d.applyAsDouble("textbook_rec_s"),
                d.applyAsDouble("floor_decode_rec_s"));
    }

    /** Live heap per open (network, platform, window) key, in bytes: everything the processor holds, per key. */
    double heapBytesPerKey() {
        return openKeys <= 0 ? Double.NaN : liveHeapMiB * 1048576.0 / openKeys;
    }

    /** (d) / (c): the detector against the textbook topology of the same run. */
    double ratioToTextbook() {
        return detectRate / textbookRate;
    }

    /** (d) / (e'): the detector's share of a Kafka Streams application that only decodes the same records. */
    double ratioToFloor() {
        return detectRate / floorDecodeRate;
    }
}
