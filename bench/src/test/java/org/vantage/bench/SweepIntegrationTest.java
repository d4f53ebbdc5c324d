package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.config.ProcessorConfig;

/**
 * The sweep's whole path at one tiny point on a real local stack: load, throughput, live heap, a latency injection under
 * background load, SIGKILL and restore, then the table, CSV, chart and JSON. Functional, not timed: the processor runs
 * with a 2-second country wait and a 6-second group session (so the restart does not wait 45 s for the killed member).
 */
@Tag("integration")
class SweepIntegrationTest {

    @Test
    void aTinySweepMeasuresEveryFigureAndWritesTheTableTheCsvAndTheChart(@TempDir Path dir) throws Exception {
        Path clientProperties = dir.resolve("client.properties");
        Files.writeString(clientProperties, "session.timeout.ms=6000\n");
        Map<String, String> env = Map.of(
                "VANTAGE_COUNTRY_WAIT_TIMEOUT", "2s", "VANTAGE_KAFKA_CLIENT_PROPERTIES", clientProperties.toString());
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(env);
        FleetShape tiny = new FleetShape(200, 10, 2);
        Sweep.Options o = new Sweep.Options(
                List.of(tiny),
                1,
                3,
                false,
                Set.of("textbook", "floor"),
                2_000,
                1,
                1,
                120,
                120,
                "384m",
                List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                "512m",
                "default",
                "default",
                "PERSISTENT",
                "1000",
                env,
                ProcessorConfig.fromEnv(all).thresholds(),
                dir.resolve("work"));

        List<SweepRow> rows = new Sweep(o).run();

        assertThat(rows).hasSize(1);
        SweepRow r = rows.get(0);
        assertThat(r.measurements()).isEqualTo(3 * 200 * 14);
        assertThat(r.detectRate()).isPositive();
        assertThat(r.detectPerCpu()).isPositive();
        assertThat(r.liveHeapMiB()).isPositive().isLessThan(384);
        assertThat(r.heapPeakMiB()).isGreaterThanOrEqualTo(r.liveHeapMiB());
        assertThat(r.rssPeakMiB()).isGreaterThan(r.liveHeapMiB());
        assertThat(r.stateDiskMiB()).isPositive();
        long openWindows =
                Math.min(3, o.thresholds().grace().toMillis() / o.thresholds().windowMs() + 1); // 3 minutes loaded
        assertThat(r.openKeys()).isEqualTo(10 * 8 * openWindows);
        assertThat(r.changelogMiBps()).isPositive();
        assertThat(r.changelogSteadyKiBps()).isPositive();
        assertThat(r.changelogMiB()).isPositive();
        assertThat(r.restoreStartSeconds()).isPositive().isLessThanOrEqualTo(r.restoreRunningSeconds());
        assertThat(r.restoreCaughtUpSeconds())
                .isGreaterThanOrEqualTo(r.restoreRunningSeconds())
                .isLessThan(120);
        assertThat(r.restoredRecords()).isPositive();
        assertThat(r.latencyInjected()).isEqualTo(1);
        assertThat(r.latencySeen()).isEqualTo(1);
        assertThat(r.latencyP99Ms()).isEqualTo(r.latencyP50Ms()).isPositive().isLessThan(60_000);
        assertThat(r.backgroundRate()).isBetween(1_500.0, 2_500.0);
        assertThat(r.textbookRate()).isNaN();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timestamp", "test");
        json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors()));
        SweepFiles files = SweepFiles.write(dir.resolve("results").resolve("sweep-test.json"), rows, json, "tiny", 1);
        String md = Files.readString(files.markdown());
        for (SweepReport.Column c : SweepReport.COLUMNS) {
            assertThat(md).contains("| " + c.label() + " |");
        }
        assertThat(md).contains("![the sweep's figures against fleet size](sweep-test.svg)");
        List<String> csv = Files.readAllLines(files.csv());
        assertThat(csv).hasSize(2);
        String[] header = csv.get(0).split(",");
        String[] values = csv.get(1).split(",", -1);
        assertThat(values).hasSameSizeAs(header);
        Set<String> notRun = Set.of("textbook_rec_s", "floor_decode_rec_s", "ratio_d_c", "ratio_d_e2");
        for (int i = 0; i < header.length; i++) {
            assertThat(values[i].isEmpty()).as(header[i]).isEqualTo(notRun.contains(header[i]));
        }
        var svg = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(files.svg().toFile());
        assertThat(svg.getElementsByTagName("circle").getLength())
                .isEqualTo(SweepChart.PANELS.stream()
                        .mapToInt(p -> p.series().size())
                        .sum());
        assertThat(Files.readString(files.json())).contains("\"points\"").contains("\"detect_rec_s\"");
    }
}
