package org.vantage.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the sweep's results go: four files with one base name ({@code bench/results/sweep-<timestamp>}): {@code .md}
 * (the table, the ratios, the targets and the chart), {@code .csv}, {@code .svg} (the chart) and {@code .json}
 * (every figure of every point, with the machine and the parameters).
 */
record SweepFiles(Path markdown, Path csv, Path svg, Path json) {

    static SweepFiles write(
            Path jsonFile, List<SweepRow> rows, Map<String, Object> json, String description, double wallSeconds)
            throws IOException {
        Path dir = jsonFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String base = jsonFile.getFileName().toString().replaceFirst("\\.json$", "");
        SweepFiles f = new SweepFiles(
                dir.resolve(base + ".md"),
                dir.resolve(base + ".csv"),
                dir.resolve(base + ".svg"),
                dir.resolve(base + ".json"));
        String title = "Vantage detection vs fleet size (" + json.getOrDefault("timestamp", "") + ")";
        Files.writeString(f.svg, SweepChart.svg(rows, title));
        Files.writeString(f.csv, SweepReport.csv(rows));
        Files.writeString(
                f.markdown,
                "# Scale sweep " + json.getOrDefault("timestamp", "") + "\n\n" + description + "; "
                        + String.format(Locale.ROOT, "%.0f s in all", wallSeconds) + ". Machine: " + json.get("machine")
                        + ".\n\n"
                        + SweepReport.markdown(rows) + "\n" + SweepReport.ratiosMarkdown(rows) + "\n"
                        + SweepReport.targetsMarkdown(rows)
                        + "\n![the sweep's figures against fleet size](" + f.svg.getFileName() + ")\n");
        Map<String, Object> out = new LinkedHashMap<>(json);
        List<Map<String, Object>> points = new ArrayList<>();
        for (SweepRow r : SweepReport.byFleetSize(rows)) {
            Map<String, Object> p = new LinkedHashMap<>();
            for (SweepReport.Column c : SweepReport.COLUMNS) {
                double v = c.of(r);
                p.put(c.key(), Double.isFinite(v) ? v : null);
            }
            points.add(p);
        }
        out.put("points", points);
        out.put("ratios", SweepReport.ratios(rows));
        out.put(
                "targets",
                SweepReport.targets(rows).stream()
                        .map(t -> Map.of(
                                "target",
                                t.name(),
                                "where",
                                t.where(),
                                "value",
                                Double.isFinite(t.value()) ? t.value() : "n/a",
                                "verdict",
                                t.verdict()))
                        .toList());
        out.put("wallSeconds", wallSeconds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(f.json.toFile(), out);
        return f;
    }

    /**
     * Renders a sweep's JSON again: the table, CSV, chart and JSON next to it are rewritten from its points, machine and
     * parameters (after a change of the report's targets or the chart, without measuring again).
     */
    @SuppressWarnings("unchecked")
    static SweepFiles render(Path jsonFile) throws IOException {
        Map<String, Object> json = new ObjectMapper().readValue(jsonFile.toFile(), Map.class);
        List<SweepRow> rows = new ArrayList<>();
        for (Map<String, Number> p : (List<Map<String, Number>>) json.get("points")) {
            rows.add(SweepRow.fromColumns(p));
        }
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("timestamp", json.get("timestamp"));
        head.put("machine", json.get("machine"));
        head.put("parameters", json.get("parameters"));
        double wall = json.get("wallSeconds") instanceof Number n ? n.doubleValue() : Double.NaN;
        Map<String, Object> params = (Map<String, Object>) json.getOrDefault("parameters", Map.of());
        String description = params.getOrDefault("points", List.of()) + ", >= "
                + params.getOrDefault("measurementsPerPointAtLeast", "?")
                + " measurements per point, processor -Xmx" + params.getOrDefault("processorHeap", "?")
                + (params.containsKey("kafkaClientProperties")
                        ? ", Kafka client properties " + params.get("kafkaClientProperties")
                        : "")
                + " (rendered again from " + jsonFile.getFileName() + ")";
        return write(jsonFile, rows, head, description, wall);
    }

    @Override
    public String toString() {
        return markdown + ", " + csv + ", " + svg + ", " + json;
    }
}
