package org.vantage.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one benchmark run: printed as an aligned table, written as JSON (one entry per figure). */
final class ResultTable {
    record Row(String key, String label, double value, String unit, String note) {}

    private final List<Row> rows = new ArrayList<>();

    void add(String key, String label, double value, String unit, String note) {
        rows.add(new Row(key, label, value, unit, note == null ? "" : note));
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Ratio of two figures already in the table, or NaN when either is missing or the divisor is 0. */
    double value(String key) {
        return rows.stream()
                .filter(r -> r.key.equals(key))
                .mapToDouble(Row::value)
                .findFirst()
                .orElse(Double.NaN);
    }

    static String format(double v, String unit) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (unit.equals("x") || unit.equals("%")) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    String render() {
        int lw = "figure".length();
        int vw = "value".length();
        int uw = "unit".length();
        for (Row r : rows) {
            lw = Math.max(lw, r.label.length());
            vw = Math.max(vw, format(r.value, r.unit).length());
            uw = Math.max(uw, r.unit.length());
        }
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + lw + "s  %" + vw + "s  %-" + uw + "s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "figure", "value", "unit", "how measured"));
        sb.append("-".repeat(lw + vw + uw + 20)).append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.label, format(r.value, r.unit), r.unit, r.note));
        }
        return sb.toString();
    }

    /** JSON-ready: {key: {label, value, unit, note}} in insertion order (NaN becomes null). */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", r.label);
            e.put("value", Double.isNaN(r.value) ? null : r.value);
            e.put("unit", r.unit);
            e.put("note", r.note);
            m.put(r.key, e);
        }
        return m;
    }
}
