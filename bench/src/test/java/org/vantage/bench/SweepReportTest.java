package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SweepReportTest {
    static SweepRow row(
            FleetShape shape,
            double rate,
            double liveHeapMiB,
            long keys,
            double restoreS,
            double p99,
            double textbook,
            double floor) {
        return new SweepRow(
                shape,
                840_000,
                8.0,
                rate,
                rate * 1.4,
                840_000 / rate,
                900,
                liveHeapMiB,
                1500,
                120,
                keys,
                6.0,
                400,
                190,
                47,
                52,
                restoreS,
                117_000,
                900,
                p99,
                5,
                5,
                20_000,
                textbook,
                floor);
    }

    static final FleetShape MID = new FleetShape(20_000, 1_000, 200);
    static final FleetShape TOP = new FleetShape(200_000, 10_000, 200);
    // listed out of order on purpose: the report orders points by fleet size
    static final List<SweepRow> ROWS = List.of(
            row(TOP, 30_000, 2_100, 240_000, 140, 1_200, Double.NaN, Double.NaN),
            row(FleetShape.BASE, 150_000, 60, 4_800, 50, 950, 50_000, 500_000),
            row(MID, 60_000, 220, 48_000, 70, 1_100, Double.NaN, Double.NaN));

    @Test
    void theTableHasEveryFigureAsARowAndEveryPointAsAColumnInFleetOrder() {
        String md = SweepReport.markdown(ROWS);
        String[] lines = md.split("\n");
        assertThat(lines[0]).isEqualTo("| figure | unit | 2k/100/20 | 20k/1000/200 | 200k/10000/200 |");
        assertThat(lines).hasSize(2 + SweepReport.COLUMNS.size());
        for (SweepReport.Column c : SweepReport.COLUMNS) {
            assertThat(md).contains("| " + c.label() + " | " + c.unit() + " |");
        }
        assertThat(md).contains("| (d) detection, exactly-once | rec/s | 150,000 | 60,000 | 30,000 |");
        assertThat(md).contains("| (d) / (e') | x | 0.30 | n/a | n/a |");
    }

    @Test
    void theCsvHasOneLinePerPointWithEveryColumnAndEmptyFieldsForWhatWasNotMeasured() {
        String[] lines = SweepReport.csv(ROWS).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0].split(","))
                .containsExactlyElementsOf(SweepReport.COLUMNS.stream()
                        .map(SweepReport.Column::key)
                        .toList());
        for (String l : lines) {
            assertThat(l.split(",", -1)).hasSize(SweepReport.COLUMNS.size());
        }
        assertThat(lines[1]).startsWith("2000,100,20,840000,");
        assertThat(lines[3]).startsWith("200000,10000,200,840000,").endsWith(",,,,");
    }

    @Test
    void targetsSayWhichAreMetAndByHowMuchTheOthersAreMissed() {
        List<SweepReport.Target> targets = SweepReport.targets(ROWS);
        SweepReport.Target throughput = targets.get(0);
        assertThat(throughput.value()).isEqualTo(0.2);
        assertThat(throughput.verdict()).isEqualTo("missed: 0.20x < 0.75x, 3.75x off");
        // live heap per open key: 2100 MiB / 240,000 at the far end, 220 MiB / 48,000 before it: 1.91x
        SweepReport.Target memory = targets.get(1);
        assertThat(memory.where()).isEqualTo("200k/10000/200 / 20k/1000/200");
        assertThat(memory.value()).isCloseTo(1.91, org.assertj.core.data.Offset.offset(0.01));
        assertThat(memory.met()).isFalse();
        assertThat(targets)
                .filteredOn(t -> t.name().startsWith("restore"))
                .singleElement()
                .satisfies(t -> assertThat(t.verdict()).isEqualTo("missed: 140 s >= 60 s, 2.33x off"));
        assertThat(targets)
                .filteredOn(t -> t.name().startsWith("alert latency"))
                .extracting(SweepReport.Target::met)
                .containsExactly(true, false, false);
        assertThat(targets)
                .filteredOn(t -> t.name().contains("(e')"))
                .singleElement()
                .satisfies(t -> assertThat(t.verdict()).startsWith("missed: 0.30x < 0.50x"));
        assertThat(targets)
                .filteredOn(t -> t.name().contains("textbook"))
                .singleElement()
                .satisfies(t -> assertThat(t.verdict()).isEqualTo("met"));
    }

    @Test
    void ratiosCompareEveryPointWithTheBaseAndTheDetectorWithTheFloorsWhereTheyRan() {
        assertThat(SweepReport.ratiosMarkdown(ROWS))
                .contains("| detection rec/s | 200k/10000/200 / 2k/100/20 | 0.20x |")
                .contains("| live heap per added open key | 2k/100/20 .. 20k/1000/200 | 3,884 B |")
                .contains("| (d) / (e') decode-only floor | 2k/100/20 | 0.30x |")
                .contains("| (d) / (c) textbook topology | 2k/100/20 | 3.00x |");
    }

    @Test
    void theChartIsOneSvgDocumentWithAPanelPerFigureAndAPointPerFleetSize() throws Exception {
        String svg = SweepChart.svg(ROWS, "sweep <test>");
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        for (SweepChart.Panel p : SweepChart.PANELS) {
            assertThat(svg).contains(">" + p.title() + " (" + p.unit() + ")<");
        }
        int series = SweepChart.PANELS.stream().mapToInt(p -> p.series().size()).sum();
        // every series has a value at every point here except the floors, which are not charted
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(series * ROWS.size());
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(series);
        assertThat(svg).contains("sweep &lt;test&gt;").contains(">200k/10k/200<");
    }

    @Test
    void aSweepsJsonRendersAgainIntoTheSameTableAndCsv(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path json = dir.resolve("sweep-x.json");
        SweepFiles.write(json, ROWS, new java.util.LinkedHashMap<>(java.util.Map.of("timestamp", "t")), "test", 1);
        String csv = java.nio.file.Files.readString(dir.resolve("sweep-x.csv"));
        java.nio.file.Files.delete(dir.resolve("sweep-x.csv"));
        SweepFiles again = SweepFiles.render(json);
        assertThat(java.nio.file.Files.readString(again.csv())).isEqualTo(csv);
        assertThat(java.nio.file.Files.readString(again.markdown()))
                .contains(SweepReport.markdown(ROWS))
                .contains(SweepReport.targetsMarkdown(ROWS))
                .contains("rendered again from sweep-x.json");
    }

    @Test
    void axisTopsAreRoundNumbersAboveTheLargestValue() {
        assertThat(SweepChart.niceCeiling(0)).isEqualTo(1);
        assertThat(SweepChart.niceCeiling(950)).isEqualTo(1000);
        assertThat(SweepChart.niceCeiling(1000)).isEqualTo(2000);
        assertThat(SweepChart.niceCeiling(151_000)).isEqualTo(200_000);
        assertThat(SweepChart.niceCeiling(2.3)).isEqualTo(2.5);
    }
}
