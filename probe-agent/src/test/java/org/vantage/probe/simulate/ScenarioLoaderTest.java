package org.vantage.probe.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vantage.probe.config.ConfigException;
import org.vantage.schema.NetworkType;

class ScenarioLoaderTest {

    private static Scenario parse(String yaml) {
        return ScenarioLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static final String MINIMAL = """
            name: t
            start: 2024-01-20T12:00:00Z
            duration: 1h
            platforms: { twitter: [x.com], control: [www.wikipedia.org] }
            networks:
              - { country: PK, asn: 17557, name: PTCL, type: fixed, probes: 2, regions: [Punjab] }
            """;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pk-2024-01-20",
                "healthy-day",
                "single-network-outage",
                "mobile-shutdown",
                "throttling",
                "global-platform-outage"
            })
    void shippedScenariosLoad(String name) {
        Scenario s = ScenarioLoader.load(name);
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.platforms()).containsKey("control");
        assertThat(s.probeCount()).isPositive();
    }

    @Test
    void pakistanScenarioFollowsTheReportedTimelineAndNetworkData() {
        Scenario s = ScenarioLoader.load("pk-2024-01-20");
        assertThat(s.start()).isEqualTo(Instant.parse("2024-01-20T12:00:00Z"));
        Map<Long, Scenario.Network> nets =
                s.networks().stream().collect(Collectors.toMap(Scenario.Network::asn, n -> n));
        assertThat(nets.keySet()).containsExactlyInAnyOrder(17557L, 45669L, 59257L, 24499L, 23674L, 9541L);
        // figures from pk-networks.csv; blank there = none here
        assertThat(nets.get(45669L).subscribersMillions()).isEqualTo(51.9);
        assertThat(nets.get(59257L).subscribersMillions()).isEqualTo(39.8);
        assertThat(nets.get(24499L).subscribersMillions()).isEqualTo(26.9);
        assertThat(nets.get(17557L).subscribersMillions()).isNull();
        assertThat(nets.get(23674L).subscribersMillions()).isNull();
        assertThat(nets.get(9541L).subscribersMillions()).isNull();
        assertThat(nets.get(45669L).type()).isEqualTo(NetworkType.MOBILE);
        assertThat(nets.get(17557L).type()).isEqualTo(NetworkType.FIXED);
        assertThat(s.disruptions()).hasSize(1);
        Scenario.Disruption d = s.disruptions().get(0);
        assertThat(d.start()).isEqualTo(Instant.parse("2024-01-20T13:40:00Z"));
        assertThat(d.end()).isEqualTo(Instant.parse("2024-01-20T17:00:00Z"));
        assertThat(d.technique()).isEqualTo(Scenario.Technique.TLS_SNI_RESET);
        assertThat(d.platforms()).containsExactlyInAnyOrder("twitter", "facebook", "instagram", "youtube");
        assertThat(d.asns()).containsExactlyInAnyOrderElementsOf(nets.keySet());
        assertThat(d.affectsPlatform("control")).isFalse();
    }

    @Test
    void minimalScenarioGetsDefaults() {
        Scenario s = parse(MINIMAL);
        assertThat(s.end()).isEqualTo(Instant.parse("2024-01-20T13:00:00Z"));
        assertThat(s.interval().getSeconds()).isEqualTo(60);
        assertThat(s.baseline().failureRate()).isEqualTo(0.015);
        assertThat(s.disruptions()).isEmpty();
    }

    @Test
    void relativeDisruptionTimesCountFromTheStart() {
        Scenario s = parse(MINIMAL + """
                disruptions:
                  - { start: +10m, end: +40m, technique: dns, platforms: [twitter], regions: [Punjab], network-types: [fixed] }
                """);
        Scenario.Disruption d = s.disruptions().get(0);
        assertThat(d.start()).isEqualTo(Instant.parse("2024-01-20T12:10:00Z"));
        assertThat(d.end()).isEqualTo(Instant.parse("2024-01-20T12:40:00Z"));
        assertThat(d.technique()).isEqualTo(Scenario.Technique.DNS);
        assertThat(d.networkTypes()).isEqualTo(Set.of(NetworkType.FIXED));
    }

    @Test
    void mistakesAreReportedWithTheirPath() {
        assertThatThrownBy(
                        () -> parse(
                                MINIMAL
                                        + "disruptions:\n  - { start: +1m, end: +2m, technique: TLS_SNI_RESET, platforms: [tiktok] }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("disruptions[0].platforms: unknown platform 'tiktok'");
        assertThatThrownBy(
                        () -> parse(
                                MINIMAL
                                        + "disruptions:\n  - { start: +1m, end: +2m, technique: TLS_SNI_RESET, platforms: [twitter], asns: [9541] }\n"))
                .hasMessageContaining("disruptions[0].asns: AS9541 is not one of the scenario's networks");
        assertThatThrownBy(() -> parse(
                        MINIMAL + "disruptions:\n  - { start: +1m, end: +2m, technique: SNI, platforms: [twitter] }\n"))
                .hasMessageContaining("disruptions[0].technique: 'SNI' is not a technique");
        assertThatThrownBy(() -> parse(MINIMAL + "disruptions:\n  - { start: +1m, end: +2m, technique: DNS }\n"))
                .hasMessageContaining("disruptions[0].platforms: is required for technique DNS");
        assertThatThrownBy(
                        () -> parse(MINIMAL + "disruptions:\n  - { start: +3h, end: +4h, technique: FULL_OUTAGE }\n"))
                .hasMessageContaining("lies entirely outside the scenario");
        assertThatThrownBy(() -> parse(MINIMAL.replace("country: PK", "country: PAK")))
                .hasMessageContaining("networks[0].country")
                .hasMessageContaining("use e.g. PK");
        assertThatThrownBy(() -> parse(MINIMAL + "colour: blue\n")).hasMessageContaining("colour: unknown key");
        assertThatThrownBy(() -> parse(MINIMAL.replace("duration: 1h", "duration: 1h\nend: 2024-01-20T14:00:00Z")))
                .hasMessageContaining("give exactly one of 'end' (time) or 'duration'");
        assertThatThrownBy(() -> parse(MINIMAL + "baseline: { flaky-probes: 2, faking-probes: 1 }\n"))
                .hasMessageContaining("exceed the number of probes (2)");
        assertThatThrownBy(() -> ScenarioLoader.load("no-such-scenario"))
                .hasMessageContaining("neither a file nor a shipped scenario");
    }
}
