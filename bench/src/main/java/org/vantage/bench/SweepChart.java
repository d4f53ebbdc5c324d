package org.vantage.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The sweep's chart as one SVG document: a small panel per figure, each against fleet size (probes, logarithmic axis),
 * with the target drawn as a dashed line where there is one. Plain SVG text, no library: a browser or a
 * markdown viewer shows it as it is.
 */
final class SweepChart {
    record Series(String name, ToDoubleFunction<SweepRow> value) {}

    /** One panel; {@code target} is NaN for none, or a function of the base point (e.g. 75 % of its throughput). */
    record Panel(
            String title,
            String unit,
            List<Series> series,
            ToDoubleFunction<SweepRow> targetFromBase,
            String targetLabel) {}

    static final List<Panel> PANELS = List.of(
            new Panel(
                    "Detection throughput",
                    "rec/s",
                    List.of(new Series("exactly-once", SweepRow::detectRate)),
                    base -> 0.75 * base.detectRate(),
                    "75 % of base"),
            new Panel(
                    "Per CPU-second of the processor",
                    "rec/CPU-s",
                    List.of(new Series("exactly-once", SweepRow::detectPerCpu)),
                    null,
                    null),
            new Panel(
                    "Heap",
                    "MiB",
                    List.of(
                            new Series("peak used", SweepRow::heapPeakMiB),
                            new Series("live after full GC", SweepRow::liveHeapMiB)),
                    null,
                    null),
            new Panel("Peak RSS", "MiB", List.of(new Series("VmHWM", SweepRow::rssPeakMiB)), null, null),
            new Panel("State on disk", "MiB", List.of(new Series("state dir", SweepRow::stateDiskMiB)), null, null),
            new Panel(
                    "Live heap per open key",
                    "bytes",
                    List.of(new Series("(network, platform, window)", SweepRow::heapBytesPerKey)),
                    null,
                    null),
            new Panel(
                    "Changelog writes, throughput run",
                    "MiB/s",
                    List.of(new Series("catching up", SweepRow::changelogMiBps)),
                    null,
                    null),
            new Panel(
                    "Changelog writes at background rate",
                    "KiB/s",
                    List.of(new Series("steady", SweepRow::changelogSteadyKiBps)),
                    null,
                    null),
            new Panel(
                    "Restore after SIGKILL",
                    "s",
                    List.of(
                            new Series("to restoring", SweepRow::restoreStartSeconds),
                            new Series("to RUNNING", SweepRow::restoreRunningSeconds),
                            new Series("to caught up", SweepRow::restoreCaughtUpSeconds)),
                    base -> 60,
                    "target 60 s"),
            new Panel(
                    "Alert latency at background rate",
                    "ms",
                    List.of(new Series("p50", SweepRow::latencyP50Ms), new Series("p99", SweepRow::latencyP99Ms)),
                    base -> 1000,
                    "target p99 1 s"));

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c"};
    private static final int W = 320;
    private static final int H = 210;
    private static final int COLS = 3;
    private static final int LEFT = 62;
    private static final int RIGHT = 14;
    private static final int TOP = 30;
    private static final int BOTTOM = 42;

    private SweepChart() {}

    static String svg(List<SweepRow> rows, String title) {
        List<SweepRow> sorted = SweepReport.byFleetSize(rows);
        int panelRows = (PANELS.size() + COLS - 1) / COLS;
        int width = COLS * W;
        int height = 40 + panelRows * H;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"11\">%n",
                width,
                height,
                width,
                height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        sb.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                10,
                esc(title)));
        for (int i = 0; i < PANELS.size(); i++) {
            panel(sb, PANELS.get(i), sorted, (i % COLS) * W, 40 + (i / COLS) * H);
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void panel(StringBuilder sb, Panel p, List<SweepRow> rows, int x0, int y0) {
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        int px = x0 + LEFT;
        int py = y0 + TOP;
        sb.append(String.format(
                Locale.ROOT,
                "<g><text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s (%s)</text>%n",
                x0 + 8,
                y0 + 16,
                esc(p.title()),
                esc(p.unit())));
        double target = p.targetFromBase() == null || rows.isEmpty()
                ? Double.NaN
                : p.targetFromBase().applyAsDouble(rows.get(0));
        double max = Double.isNaN(target) ? 0 : target;
        for (Series s : p.series()) {
            for (SweepRow r : rows) {
                double v = s.value().applyAsDouble(r);
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double top = niceCeiling(max);
        double minLog = rows.isEmpty() ? 0 : Math.log10(rows.get(0).shape().probes());
        double maxLog = rows.isEmpty()
                ? 1
                : Math.log10(rows.get(rows.size() - 1).shape().probes());
        double span = maxLog - minLog;
        java.util.function.DoubleUnaryOperator xOf = probes -> span == 0
                ? px + plotW / 2.0
                : px + 42 + (Math.log10(probes) - minLog) / span * (plotW - 84); // room for the outer points' labels
        java.util.function.DoubleUnaryOperator yOf = v -> py + plotH - v / top * plotH;
        sb.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                px,
                py,
                plotW,
                plotH));
        for (int g = 0; g <= 4; g++) {
            double v = top * g / 4;
            double y = yOf.applyAsDouble(v);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    px,
                    y,
                    px + plotW,
                    y,
                    px - 4,
                    y + 4,
                    axis(v)));
        }
        for (SweepRow r : rows) {
            double x = xOf.applyAsDouble(r.shape().probes());
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
                    x,
                    py + plotH + 14,
                    esc(label(r.shape()))));
        }
        sb.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">fleet: probes/networks/countries"
                        + "</text>%n",
                px + plotW / 2,
                py + plotH + 30));
        if (Double.isFinite(target)) {
            double y = yOf.applyAsDouble(target);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ff7f0e\" stroke-dasharray=\"5,3\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#ff7f0e\">%s</text>%n",
                    px,
                    y,
                    px + plotW,
                    y,
                    px + plotW - 3,
                    y - 3,
                    esc(p.targetLabel())));
        }
        for (int s = 0; s < p.series().size(); s++) {
            Series series = p.series().get(s);
            String color = COLORS[s % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (SweepRow r : rows) {
                double v = series.value().applyAsDouble(r);
                if (!Double.isFinite(v)) {
                    continue;
                }
                double x = xOf.applyAsDouble(r.shape().probes());
                double y = yOf.applyAsDouble(v);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                sb.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: %s %s</title></circle>%n",
                        x,
                        y,
                        color,
                        esc(series.name()),
                        esc(r.shape().key()),
                        axis(v),
                        esc(p.unit())));
            }
            if (pts.length() > 0) {
                sb.append(String.format(
                        Locale.ROOT,
                        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                        pts.toString().trim(),
                        color));
            }
            if (p.series().size() > 1) {
                sb.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                        px + 6,
                        py + 13 + 12 * s,
                        color,
                        esc(series.name())));
            }
        }
        sb.append("</g>\n");
    }

    /** A point's short name under its axis: thousands as k, e.g. {@code 200k/10k/200}. */
    static String label(FleetShape f) {
        return k(f.probes()) + "/" + k(f.networks()) + "/" + f.countries();
    }

    private static String k(int n) {
        return n >= 1000 && n % 1000 == 0 ? n / 1000 + "k" : Integer.toString(n);
    }

    /** The next value of the form 1, 2 or 5 times a power of ten at or above {@code v} (1 for nothing to show). */
    static double niceCeiling(double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            return 1;
        }
        double pow = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * pow >= v * 1.0001) {
                return m * pow;
            }
        }
        return 10 * pow;
    }

    private static String axis(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.3gM", v / 1_000_000);
        }
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.3gk", v / 1000);
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
