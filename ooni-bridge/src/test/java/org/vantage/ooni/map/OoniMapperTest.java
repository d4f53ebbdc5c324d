package org.vantage.ooni.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.vantage.schema.Measurement;
import org.vantage.schema.MeasurementSource;

/**
 * Every OONI sample document maps to the platform and outcome (or skip reason) written for it in
 * ooni-sample-mappings.csv, and its network evidence alone (ignoring whether the target is a platform)
 * gives the outcome written beside it.
 */
class OoniMapperTest {
    static final String TABLE = "ooni-sample-mappings.csv";
    static OoniMapper mapper;

    @BeforeAll
    static void mapper() {
        mapper = new OoniMapper(Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "{0}: {2} (evidence {3})")
    @CsvFileSource(resources = TABLE, delimiterString = "|")
    void everySampleDocumentMapsToItsExpectedPlatformAndOutcome(
            String file, String test, String expected, String evidence, String why) {
        OoniTestDocuments.Doc doc = OoniTestDocuments.load(file);
        JsonNode raw = doc.raw();
        assertThat(raw).as("a raw measurement in " + file).isNotNull();
        if (raw.has("test_name")) {
            assertThat(raw.get("test_name").asText()).isEqualTo(test);
        }

        Mapping m = mapper.map(raw, doc.uid());

        if (expected.startsWith("SKIP:")) {
            assertThat(m.isMapped())
                    .as("%s should be skipped (%s) but mapped to %s", file, why, m)
                    .isFalse();
            assertThat(m.skipReason()).as(m.detail()).isEqualTo(SkipReason.valueOf(expected.substring(5)));
            assertThat(m.detail()).isNotBlank().doesNotStartWith("unexpected document shape");
        } else {
            String[] platformOutcome = expected.split(":");
            assertThat(m.isMapped())
                    .as("%s should map (%s) but %s", file, why, m)
                    .isTrue();
            Measurement r = m.measurement();
            assertThat(r.getPlatform()).isEqualTo(platformOutcome[0]);
            assertThat(r.getOutcome().name()).as(r.getOutcomeDetail()).isEqualTo(platformOutcome[1]);
            assertThat(r.getMeasurementId()).isEqualTo("ooni:" + doc.uid());
            assertThat(r.getSourceRef()).isEqualTo(doc.uid());
            assertThat(r.getSource()).isEqualTo(MeasurementSource.OONI);
            assertThat(r.getSourceReportId()).isEqualTo(raw.get("report_id").asText());
            assertThat(r.getProbeId()).isEqualTo("ooni:" + raw.get("report_id").asText());
            assertThat(r.getCountry()).isEqualTo(raw.get("probe_cc").asText());
            assertThat("AS" + r.getAsn()).isEqualTo(raw.get("probe_asn").asText());
            assertThat(r.getSimulated()).isFalse();
        }

        JsonNode judged =
                file.endsWith(".jsonc") ? OoniTestDocuments.withEnvelope(raw, "https://mask.icloud.com/") : raw;
        Verdict v = mapper.judge(judged);
        assertThat(v.label())
                .as("network evidence of %s (%s): %s", file, why, v.detail())
                .isEqualTo(evidence);
    }

    @Test
    void theTableCoversEverySampleDocument() throws Exception {
        Set<String> inTable;
        try (var in = OoniMapperTest.class.getResourceAsStream(TABLE)) {
            inTable = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("\\|")[0].trim())
                    .collect(Collectors.toSet());
        }
        List<String> documents = OoniTestDocuments.allNames();
        assertThat(documents).hasSizeGreaterThanOrEqualTo(80);
        assertThat(inTable).containsExactlyInAnyOrderElementsOf(documents);
    }
}
