package org.vantage.probe.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;

class MeasurementSynthesizerTest {

    private static final Instant DURING = Instant.parse("2024-01-20T12:30:00Z");
    private static final Instant BEFORE = Instant.parse("2024-01-20T12:05:00Z");
    private static final SimulatedProbe PROBE = new SimulatedProbe(
            "sim-pk-as17557-001", "PK", 17557, "PTCL", "Punjab", NetworkType.FIXED, SimulatedProbe.Behaviour.NORMAL, 0);

    private static MeasurementSynthesizer with(Scenario.Technique technique) {
        String yaml = """
                name: t
                start: 2024-01-20T12:00:00Z
                duration: 1h
                platforms: { twitter: [x.com], control: [www.wikipedia.org] }
                baseline: { failure-rate: 0 }
                networks:
                  - { country: PK, asn: 17557, name: PTCL, type: fixed, probes: 1 }
                disruptions:
                  - { start: +20m, end: +40m, technique: %s, platforms: [twitter] }
                """.formatted(technique);
        return new MeasurementSynthesizer(
                ScenarioLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml"));
    }

    private static List<Measurement> sample(MeasurementSynthesizer s, String platform, Instant at) {
        Random rnd = new Random(1);
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            out.add(s.measure(PROBE, platform, platform.equals("control") ? "www.wikipedia.org" : "x.com", at, rnd));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(
            value = Scenario.Technique.class,
            names = {"DNS", "TCP_RESET", "TLS_SNI_RESET", "HTTP_BLOCK_PAGE"})
    void blockingTechniquesFailTheFirstLayerTheyActOn(Scenario.Technique technique) {
        Outcome expected = switch (technique) {
            case DNS -> Outcome.DNS_NXDOMAIN;
            case TCP_RESET -> Outcome.TCP_RESET;
            case TLS_SNI_RESET -> Outcome.TLS_RESET;
            default -> Outcome.HTTP_BLOCK_PAGE;
        };
        MeasurementSynthesizer s = with(technique);
        List<Measurement> during = sample(s, "twitter", DURING);
        assertThat(during).allSatisfy(m -> {
            assertThat(m.getOutcome()).isEqualTo(expected);
            assertThat(m.getTimings().getDnsMs()).isNotNull();
            switch (technique) {
                case DNS -> assertThat(m.getTimings().getConnectMs()).isNull();
                case TCP_RESET -> assertThat(m.getTimings().getTlsMs()).isNull();
                case TLS_SNI_RESET -> {
                    assertThat(m.getTimings().getTlsMs()).isNotNull();
                    assertThat(m.getTimings().getFirstByteMs()).isNull();
                }
                default -> assertThat(m.getHttpStatus()).isEqualTo(200);
            }
        });
        assertThat(sample(s, "control", DURING))
                .allSatisfy(m -> assertThat(m.getOutcome()).isEqualTo(Outcome.OK));
        assertThat(sample(s, "twitter", BEFORE))
                .allSatisfy(m -> assertThat(m.getOutcome()).isEqualTo(Outcome.OK));
    }

    @Test
    void serviceDownAnswersWithServerErrorsOrTimeouts() {
        List<Measurement> during = sample(with(Scenario.Technique.SERVICE_DOWN), "twitter", DURING);
        assertThat(during)
                .extracting(Measurement::getOutcome)
                .containsOnly(Outcome.HTTP_ERROR_STATUS, Outcome.TCP_TIMEOUT)
                .contains(Outcome.HTTP_ERROR_STATUS, Outcome.TCP_TIMEOUT);
        assertThat(during)
                .filteredOn(m -> m.getOutcome() == Outcome.HTTP_ERROR_STATUS)
                .allSatisfy(m -> assertThat(m.getHttpStatus()).isEqualTo(503));
    }

    @Test
    void fullOutageSilencesTheProbe() {
        String yaml = """
                name: t
                start: 2024-01-20T12:00:00Z
                duration: 1h
                platforms: { control: [www.wikipedia.org] }
                networks:
                  - { country: PK, asn: 17557, name: PTCL, type: fixed, probes: 1 }
                  - { country: PK, asn: 45669, name: Jazz, type: mobile, probes: 1 }
                disruptions:
                  - { start: +20m, end: +40m, technique: FULL_OUTAGE, network-types: [fixed] }
                """;
        MeasurementSynthesizer s = new MeasurementSynthesizer(
                ScenarioLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml"));
        SimulatedProbe mobile = new SimulatedProbe(
                "m", "PK", 45669, "Jazz", null, NetworkType.MOBILE, SimulatedProbe.Behaviour.NORMAL, 0);
        assertThat(s.silent(PROBE, DURING)).isTrue();
        assertThat(s.silent(PROBE, BEFORE)).isFalse();
        assertThat(s.silent(mobile, DURING)).isFalse();
    }
}
