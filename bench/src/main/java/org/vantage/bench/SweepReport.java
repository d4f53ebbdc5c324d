package org.vantage.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The scale sweep's results as text: a markdown table (one column per fleet point, one row per figure), a CSV (one
 * line per point, one column per figure) and the issue's targets checked against the points (met or missed, and by
 * how much). Pure: the rows come from {@link Sweep}.
 */
final class SweepReport {
    /** One figure of a point: CSV column {@code key}, table row {@code label}, shown with {@code decimals}. */
    record Column(String key, String label, String unit, int decimals, ToDoubleFunction<SweepRow> value) {
        double of(SweepRow r) {
            return value.applyAsDouble(r);
        }
    }

    static final List<Column> COLUMNS = List.of(
            new Column("probes", "probes", "", 0, r -> r.shape().probes()),
            new Column("networks", "networks", "", 0, r -> r.shape().networks()),
            new Column("countries", "countries", "", 0, r -> r.shape().countries()),
            new Column("measurements", "measurements loaded", "", 0, SweepRow::measurements),
            new Column("load_s", "load time (setup)", "s", 1, SweepRow::loadSeconds),
            new Column("detect_rec_s", "(d) detection, exactly-once", "rec/s", 0, SweepRow::detectRate),
            new Column(
                    "detect_rec_cpu_s", "(d) per CPU-second of the processor", "rec/CPU-s", 0, SweepRow::detectPerCpu),
            new Column("detect_s", "(d) input committed in", "s", 1, SweepRow::detectSeconds),
            new Column("heap_peak_mib", "peak heap used (sampled, garbage included)", "MiB", 0, SweepRow::heapPeakMiB),
            new Column(
                    "live_heap_mib",
                    "live heap after a full GC, end of throughput run",
                    "MiB",
                    0,
                    SweepRow::liveHeapMiB),
            new Column("rss_peak_mib", "peak RSS (VmHWM)", "MiB", 0, SweepRow::rssPeakMiB),
            new Column("state_disk_mib", "state on disk", "MiB", 1, SweepRow::stateDiskMiB),
            new Column("open_keys", "open (network, platform, window) keys", "", 0, SweepRow::openKeys),
            new Column("heap_bytes_per_key", "live heap per open key", "B", 0, SweepRow::heapBytesPerKey),
            new Column("changelog_mib_s", "changelog writes, throughput run", "MiB/s", 1, SweepRow::changelogMiBps),
            new Column(
                    "changelog_steady_kib_s",
                    "changelog writes at the background rate",
                    "KiB/s",
                    0,
                    SweepRow::changelogSteadyKiBps),
            new Column(
                    "changelog_mib", "changelogs when killed (a restore reads them)", "MiB", 1, SweepRow::changelogMiB),
            new Column(
                    "restore_start_s",
                    "SIGKILL + restart to restoring (group wait)",
                    "s",
                    1,
                    SweepRow::restoreStartSeconds),
            new Column(
                    "restore_running_s",
                    "SIGKILL + restart to RUNNING (restored)",
                    "s",
                    1,
                    SweepRow::restoreRunningSeconds),
            new Column(
                    "restore_caught_up_s", "SIGKILL + restart to caught up", "s", 1, SweepRow::restoreCaughtUpSeconds),
            new Column("restored_records", "changelog records restored", "", 0, SweepRow::restoredRecords),
            new Column("background_rate", "background load achieved", "rec/s", 0, SweepRow::backgroundRate),
            new Column("latency_p50_ms", "alert latency p50 at the background rate", "ms", 0, SweepRow::latencyP50Ms),
            new Column("latency_p99_ms", "alert latency p99 at the background rate", "ms", 0, SweepRow::latencyP99Ms),
            new Column("latency_seen", "injected disruptions alerted within 60 s", "", 0, SweepRow::latencySeen),
            new Column("latency_injected", "injected disruptions", "", 0, SweepRow::latencyInjected),
            new Column("textbook_rec_s", "(c) textbook topology, same topic", "rec/s", 0, SweepRow::textbookRate),
            new Column(
                    "floor_decode_rec_s",
                    "(e') Kafka Streams decode-only floor, same topic",
                    "rec/s",
                    0,
                    SweepRow::floorDecodeRate),
            new Column("ratio_d_c", "(d) / (c)", "x", 2, SweepRow::ratioToTextbook),
            new Column("ratio_d_e2", "(d) / (e')", "x", 2, SweepRow::ratioToFloor));

    /** A target of the sweep: {@code value} against {@code bound} ({@code atLeast}: value >= bound, else value < bound). */
    record Target(String name, String where, double value, double bound, boolean atLeast, String unit) {
        boolean measured() {
            return !Double.isNaN(value);
        }

        boolean met() {
            return measured() && (atLeast ? value >= bound : value < bound);
        }

        /** "met", "missed by ..." or "not measured". */
        String verdict() {
            if (!measured()) {
                return "not measured";
            }
            if (met()) {
                return "met";
            }
            double factor = atLeast ? bound / value : value / bound;
            return String.format(
                    Locale.ROOT,
                    "missed: %s %s %s, %.2fx off",
                    fmt(value, unit),
                    atLeast ? "<" : ">=",
                    fmt(bound, unit),
                    factor);
        }
    }

    private SweepReport() {}

    static List<SweepRow> byFleetSize(List<SweepRow> rows) {
        return rows.stream()
                .sorted(Comparator.comparingInt((SweepRow r) -> r.shape().probes())
                        .thenComparingInt(r -> r.shape().networks()))
                .toList();
    }

    /** The targets, checked against the sweep's points (the smallest is the base, the largest the far end). */
    static List<Target> targets(List<SweepRow> rows) {
        List<SweepRow> sorted = byFleetSize(rows);
        List<Target> out = new ArrayList<>();
        if (sorted.isEmpty()) {
            return out;
        }
        SweepRow base = sorted.get(0);
        SweepRow top = sorted.get(sorted.size() - 1);
        if (sorted.size() > 1) {
            out.add(new Target(
                    "throughput within 25 % of the base point",
                    top.shape().key() + " / " + base.shape().key(),
                    top.detectRate() / base.detectRate(),
                    0.75,
                    true,
                    "x"));
            // linear: once the fixed part of the heap is spread thin, each open key costs the same at the far end as at
            // the
            // point before it (the smallest point is dominated by that fixed part)
            SweepRow before = sorted.get(sorted.size() - 2);
            out.add(new Target(
                    "memory linear in open keys: live heap per open key, far end / the point before, under 1.25",
                    top.shape().key() + " / " + before.shape().key(),
                    top.heapBytesPerKey() / before.heapBytesPerKey(),
                    1.25,
                    false,
                    "x"));
        }
        for (SweepRow r : sorted) {
            if (r == top || r.shape().networks() >= 10_000) {
                out.add(new Target(
                        "restore after SIGKILL, to caught up, under 60 s",
                        r.shape().key(),
                        r.restoreCaughtUpSeconds(),
                        60,
                        false,
                        "s"));
            }
        }
        for (SweepRow r : sorted) {
            out.add(new Target(
                    "alert latency p99 under 1 s at " + fmt(r.backgroundRate(), "rec/s") + " background",
                    r.shape().key(),
                    r.latencyP99Ms(),
                    1000,
                    false,
                    "ms"));
        }
        for (SweepRow r : sorted) {
            if (!Double.isNaN(r.floorDecodeRate())) {
                out.add(new Target(
                        "detection at 0.5x or more of the decode-only floor (e')",
                        r.shape().key(),
                        r.ratioToFloor(),
                        0.5,
                        true,
                        "x"));
            }
            if (!Double.isNaN(r.textbookRate())) {
                out.add(new Target(
                        "detection at 3x or more of the textbook topology (c)",
                        r.shape().key(),
                        r.ratioToTextbook(),
                        3,
                        true,
                        "x"));
            }
        }
        return out;
    }

    /** A ratio the sweep reports: {@code value} of {@code name} at {@code where}. */
    record Ratio(String name, String where, double value, String unit) {}

    /** Live heap each key added between two points costs, in bytes: the slope, free of the fixed part of the heap. */
    static double marginalBytesPerKey(SweepRow from, SweepRow to) {
        long keys = to.openKeys() - from.openKeys();
        return keys <= 0 ? Double.NaN : (to.liveHeapMiB() - from.liveHeapMiB()) * 1048576.0 / keys;
    }

    /**
     * The far end against the base (throughput per wall-clock and per CPU-second, live heap per open key) and, where they
     * ran, the detector against the decode-only floor (e') and the textbook topology (c) of the same point.
     */
    static List<Ratio> ratios(List<SweepRow> rows) {
        List<SweepRow> sorted = byFleetSize(rows);
        List<Ratio> out = new ArrayList<>();
        if (sorted.size() > 1) {
            SweepRow base = sorted.get(0);
            for (SweepRow r : sorted.subList(1, sorted.size())) {
                String where = r.shape().key() + " / " + base.shape().key();
                out.add(new Ratio("detection rec/s", where, r.detectRate() / base.detectRate(), "x"));
                out.add(new Ratio("detection rec/CPU-s", where, r.detectPerCpu() / base.detectPerCpu(), "x"));
            }
            for (int i = 1; i < sorted.size(); i++) {
                out.add(new Ratio(
                        "live heap per added open key",
                        sorted.get(i - 1).shape().key() + " .. "
                                + sorted.get(i).shape().key(),
                        marginalBytesPerKey(sorted.get(i - 1), sorted.get(i)),
                        "B"));
            }
        }
        for (SweepRow r : sorted) {
            if (!Double.isNaN(r.floorDecodeRate())) {
                out.add(new Ratio("(d) / (e') decode-only floor", r.shape().key(), r.ratioToFloor(), "x"));
            }
            if (!Double.isNaN(r.textbookRate())) {
                out.add(new Ratio("(d) / (c) textbook topology", r.shape().key(), r.ratioToTextbook(), "x"));
            }
        }
        return out;
    }

    static String ratiosMarkdown(List<SweepRow> rows) {
        StringBuilder sb = new StringBuilder("| ratio | points | value |\n|---|---|---:|\n");
        for (Ratio r : ratios(rows)) {
            sb.append("| ")
                    .append(r.name())
                    .append(" | ")
                    .append(r.where())
                    .append(" | ")
                    .append(fmt(r.value(), r.unit()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** Figures down, points across: {@code | figure | unit | 2k/100/20 | 20k/1000/200 | ... |}. */
    static String markdown(List<SweepRow> rows) {
        List<SweepRow> sorted = byFleetSize(rows);
        StringBuilder sb = new StringBuilder("| figure | unit |");
        for (SweepRow r : sorted) {
            sb.append(' ').append(r.shape().key()).append(" |");
        }
        sb.append("\n|---|---|");
        sb.append("---:|".repeat(sorted.size())).append('\n');
        for (Column c : COLUMNS) {
            sb.append("| ").append(c.label()).append(" | ").append(c.unit()).append(" |");
            for (SweepRow r : sorted) {
                sb.append(' ').append(format(c.of(r), c.decimals())).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String targetsMarkdown(List<SweepRow> rows) {
        StringBuilder sb = new StringBuilder("| target | where | value | verdict |\n|---|---|---:|---|\n");
        for (Target t : targets(rows)) {
            sb.append("| ")
                    .append(t.name())
                    .append(" | ")
                    .append(t.where())
                    .append(" | ")
                    .append(fmt(t.value(), t.unit()))
                    .append(" | ")
                    .append(t.verdict())
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** One line per point in fleet-size order; empty fields for figures not measured. */
    static String csv(List<SweepRow> rows) {
        StringBuilder sb = new StringBuilder(
                        String.join(",", COLUMNS.stream().map(Column::key).toList()))
                .append('\n');
        for (SweepRow r : byFleetSize(rows)) {
            List<String> fields = new ArrayList<>();
            for (Column c : COLUMNS) {
                double v = c.of(r);
                fields.add(
                        Double.isNaN(v) || Double.isInfinite(v)
                                ? ""
                                : c.decimals() == 0
                                        ? String.format(Locale.ROOT, "%.0f", v)
                                        : String.format(Locale.ROOT, "%." + (c.decimals() + 1) + "f", v));
            }
            sb.append(String.join(",", fields)).append('\n');
        }
        return sb.toString();
    }

    static String format(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String fmt(double v, String unit) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        String n = unit.equals("x") ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%,.0f", v);
        return unit.equals("x") ? n + "x" : n + " " + unit;
    }
}
