package org.vantage.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures the suite reports: faults injected and survived, bad inputs tried and quarantined,
 * records lost, duplicate alerts, the poisoning threshold. Each test records what it measured; after each
 * test class the whole summary so far is printed and written to {@code target/reliability-figures.md}
 * (all classes run in one JVM, so the last class leaves the complete file).
 */
final class ReliabilityFigures {
    private static final Map<String, List<String>> SECTIONS = new LinkedHashMap<>();
    private static long faultsInjected;
    private static long faultsSurvived;
    private static long badInputsTried;
    private static long badInputsQuarantined;
    private static long recordsLost;
    private static long duplicateAlerts;
    private static Integer poisoningK;

    private ReliabilityFigures() {}

    static synchronized void line(String section, String text) {
        SECTIONS.computeIfAbsent(section, s -> new ArrayList<>()).add(text);
    }

    static synchronized void faults(long injected, long survived) {
        faultsInjected += injected;
        faultsSurvived += survived;
    }

    static synchronized void badInputs(long tried, long quarantined) {
        badInputsTried += tried;
        badInputsQuarantined += quarantined;
    }

    static synchronized void lost(long records) {
        recordsLost += records;
    }

    static synchronized void duplicates(long alerts) {
        duplicateAlerts += alerts;
    }

    static synchronized void poisoningThreshold(int k) {
        poisoningK = k;
    }

    /** Prints the summary and writes it to {@code target/reliability-figures.md}. */
    static synchronized void publish() {
        StringBuilder out = new StringBuilder("# Vantage reliability figures\n\n");
        out.append("| figure | value |\n|---|---|\n");
        out.append("| faults injected / survived | ")
                .append(faultsInjected)
                .append(" / ")
                .append(faultsSurvived)
                .append(" |\n");
        out.append("| bad inputs tried / quarantined | ")
                .append(badInputsTried)
                .append(" / ")
                .append(badInputsQuarantined)
                .append(" |\n");
        out.append("| records lost (must be 0) | ").append(recordsLost).append(" |\n");
        out.append("| duplicate alerts (must be 0) | ").append(duplicateAlerts).append(" |\n");
        out.append("| poisoning threshold k | ")
                .append(poisoningK == null ? "not measured" : poisoningK)
                .append(" |\n");
        SECTIONS.forEach((section, lines) -> {
            out.append("\n## ").append(section).append("\n\n");
            lines.forEach(l -> out.append("- ").append(l).append('\n'));
        });
        System.out.println(out);
        try {
            Path file = Path.of("target", "reliability-figures.md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figures file", e);
        }
    }
}
