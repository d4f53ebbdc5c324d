package org.vantage.ooni.map.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vantage.ooni.map.Mapping;
import org.vantage.ooni.map.OoniMapper;
import org.vantage.ooni.map.testing.OoniDocumentGenerator.Disruption;
import org.vantage.ooni.map.testing.OoniDocumentGenerator.Document;
import org.vantage.ooni.map.testing.OoniDocumentGenerator.Network;
import org.vantage.ooni.map.testing.OoniDocumentGenerator.Plan;
import org.vantage.ooni.map.testing.OoniDocumentGenerator.Technique;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;

class OoniDocumentGeneratorTest {
    static final Instant START = Instant.parse("2026-11-20T12:00:00Z");
    static final List<Network> PAKISTAN = List.of(
            new Network("PK", 17557, NetworkType.FIXED),
            new Network("PK", 45669, NetworkType.MOBILE),
            new Network("PK", 23674, NetworkType.UNKNOWN));
    static final List<String> ALL = List.of(
            "twitter", "facebook", "instagram", "youtube", "whatsapp", "tiktok", "telegram", "signal", "control");

    final OoniDocumentGenerator generator = new OoniDocumentGenerator();
    final OoniMapper mapper = new OoniMapper(Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC));

    static String label(Mapping m) {
        return m.isMapped()
                ? m.measurement().getPlatform() + ":" + m.measurement().getOutcome()
                : "SKIP:" + m.skipReason();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Technique.class)
    void everyDocumentOfADisruptedRunMapsToTheOutcomeItWasMadeFor(Technique technique) {
        Disruption d = new Disruption(
                Set.of("twitter", "facebook", "youtube", "whatsapp", "telegram", "signal"),
                technique,
                START.plus(Duration.ofHours(2)),
                START.plus(Duration.ofHours(5)));
        Plan plan = Plan.healthy(7, START, START.plus(Duration.ofHours(6)), PAKISTAN.subList(0, 2))
                .withPlatforms(ALL)
                .withNoiseRate(0.15)
                .withDisruption(d);

        List<Document> docs = generator.generate(plan);

        long disrupted = 0;
        for (Document doc : docs) {
            Mapping m = mapper.map(doc.raw(), doc.measurementUid());
            assertThat(label(m))
                    .as("%s %s %s (%s): %s", doc.platform(), doc.testName(), doc.measurementStart(), doc.why(), m)
                    .isEqualTo(doc.intended());
            if (doc.why().startsWith(technique.name()) && !doc.intended().endsWith(":OK")) {
                disrupted++;
                assertThat(m.measurement().getOutcome()).isEqualTo(Outcome.valueOf(technique.name()));
                assertThat(d.covers(doc.platform(), doc.measurementStart())).isTrue();
            }
        }
        assertThat(disrupted).as("documents that show the disruption").isGreaterThan(20);
        assertThat(docs.stream()
                        .map(Document::why)
                        .filter(w -> w.startsWith("noise"))
                        .count())
                .as("noise documents")
                .isGreaterThan(5);
    }

    @Test
    void aHealthyRunIsMostlyOkButCarriesOoniLikeNoise() {
        Plan plan = Plan.healthy(11, START, START.plus(Duration.ofHours(12)), PAKISTAN);

        List<Document> docs = generator.generate(plan);
        Map<String, Long> byLabel = docs.stream()
                .map(d -> label(mapper.map(d.raw(), d.measurementUid())))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        long mapped = byLabel.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("SKIP:"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        long ok = byLabel.entrySet().stream()
                .filter(e -> e.getKey().endsWith(":OK"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        assertThat(docs).hasSizeBetween(500, 1100); // 3 networks x 8 platforms x 3/h x 12 h = 864 expected
        assertThat((double) ok / mapped)
                .as("share of OK among mapped, %s", byLabel)
                .isGreaterThan(0.95);
        assertThat(mapped - ok).as("mapped failures from noise, %s", byLabel).isPositive();
        assertThat(docs.size() - mapped).as("skipped noise, %s", byLabel).isPositive();
    }

    @Test
    void documentsArriveAtThePlannedDensityWithUniqueIdsOnTheGivenNetworks() {
        Plan plan = Plan.healthy(3, START, START.plus(Duration.ofHours(24)), PAKISTAN.subList(0, 1))
                .withRate(4)
                .withPlatforms(List.of("twitter", "control"));

        List<Document> docs = generator.generate(plan);

        assertThat(docs.size()).isBetween((int) (2 * 24 * 4 * 0.75), (int) (2 * 24 * 4 * 1.25));
        assertThat(docs.stream().map(Document::measurementUid).distinct().count())
                .isEqualTo(docs.size());
        for (Document d : docs) {
            assertThat(d.measurementStart()).isBetween(plan.start(), plan.end());
            assertThat(d.received()).isAfter(d.measurementStart());
            assertThat(d.measurementUid()).matches("\\d{14}\\.\\d{6}_PK_webconnectivity_[0-9a-f]{16}");
            assertThat(d.raw().get("probe_cc").asText()).isEqualTo("PK");
            assertThat(d.raw().get("probe_asn").asText()).isEqualTo("AS17557");
            assertThat(d.raw().get("report_id").asText())
                    .isEqualTo(d.reportId())
                    .contains("_webconnectivity_PK_17557_");
            assertThat(d.raw().get("probe_ip").asText()).isEqualTo("127.0.0.1");
        }
        assertThat(generator.generate(plan).stream()
                        .map(Document::measurementUid)
                        .toList())
                .as("same seed, same documents")
                .isEqualTo(docs.stream().map(Document::measurementUid).toList());
    }

    @Test
    void aListRowLooksLikeOonisMeasurementsApi() {
        Document d = generator
                .generate(Plan.healthy(5, START, START.plus(Duration.ofHours(1)), PAKISTAN.subList(0, 1))
                        .withPlatforms(List.of("whatsapp"))
                        .withRate(10))
                .get(0);

        var row = d.listRow("http://127.0.0.1:8080");

        assertThat(row.get("measurement_uid").asText()).isEqualTo(d.measurementUid());
        assertThat(row.get("probe_asn").asText()).isEqualTo("AS17557");
        assertThat(row.get("test_name").asText()).isEqualTo("whatsapp");
        assertThat(row.get("input").isNull()).isTrue();
        assertThat(row.get("measurement_url").asText())
                .isEqualTo("http://127.0.0.1:8080/api/v1/raw_measurement?measurement_uid=" + d.measurementUid());
        assertThat(row.get("measurement_start_time").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000000Z");
        assertThat(row.get("scores").has("blocking_general")).isTrue();
    }

    @Test
    void anInvalidPlanIsRefusedWithEveryProblemListed() {
        Plan bad = new Plan(
                1,
                START,
                START.minusSeconds(1),
                List.of(new Network("pk", 0, NetworkType.FIXED)),
                List.of("myspace"),
                0,
                1.5,
                null);

        assertThatThrownBy(() -> generator.generate(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start must be before end")
                .hasMessageContaining("perHour")
                .hasMessageContaining("noiseRate")
                .hasMessageContaining("country 'pk'")
                .hasMessageContaining("ASN 0")
                .hasMessageContaining("myspace");
    }
}
