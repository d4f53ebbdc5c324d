package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TargetListLoaderTest {
    private static TargetList parse(String yaml) {
        return TargetListLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void defaultListCoversEveryMajorPlatformWithSeveralHostsAndControls() {
        TargetList list = TargetListLoader.loadDefault();
        assertThat(list.platforms())
                .containsExactlyInAnyOrder(
                        "twitter", "facebook", "instagram", "youtube", "whatsapp", "tiktok", "telegram", "control");
        for (String platform : list.platforms()) {
            assertThat(list.forPlatform(platform)).as(platform).hasSizeGreaterThanOrEqualTo(3);
        }
        assertThat(list.forPlatform("twitter"))
                .extracting(MeasurementTarget::host)
                .contains("x.com", "twitter.com", "api.x.com", "abs.twimg.com");
        assertThat(list.controlTargets())
                .extracting(MeasurementTarget::host)
                .contains("www.wikipedia.org", "example.com", "www.pta.gov.pk");
        assertThat(list.controlTargets()).allMatch(MeasurementTarget::isControl);
        assertThat(list.targets()).allMatch(MeasurementTarget::tls);
        assertThat(list.targets()).anyMatch(t -> t.throughputUrl() != null);
        assertThat(list.blockPageFingerprints()).isNotEmpty();
    }

    @Test
    void loadsEveryTargetForm() throws Exception {
        TargetList list;
        try (InputStream in = getClass().getResourceAsStream("/measure/custom-targets.yaml")) {
            list = TargetListLoader.load(in, "custom-targets.yaml");
        }
        assertThat(list.version()).isEqualTo("test-1");
        assertThat(list.targets()).hasSize(4);
        MeasurementTarget x = list.targets().get(0);
        assertThat(x.url().toString()).isEqualTo("https://x.com/");
        assertThat(x.port()).isEqualTo(443);
        assertThat(list.targets().get(1).host()).isEqualTo("abs.twimg.com");
        MeasurementTarget plain = list.targets().get(2);
        assertThat(plain.tls()).isFalse();
        assertThat(plain.url().toString()).isEqualTo("http://plain.example/");
        MeasurementTarget media = list.targets().get(3);
        assertThat(media.port()).isEqualTo(8443);
        assertThat(media.url().toString()).isEqualTo("https://media.example:8443/");
        assertThat(media.throughputBytes()).isEqualTo(TargetListLoader.DEFAULT_THROUGHPUT_BYTES);
        assertThat(list.blockPageFingerprints())
                .singleElement()
                .satisfies(f -> assertThat(f.scope()).isEqualTo(BlockPageFingerprint.Scope.TITLE));
    }

    @Test
    void errorsSayWhereAndWhat() {
        assertThatThrownBy(
                        () -> parse(
                                "version: v\ntargets:\n  - { platform: twitter, host: x.com }\n  - { platform: Twitter, host: y.com }\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targets[1] (y.com)")
                .hasMessageContaining("platform");
        assertThatThrownBy(() -> parse("version: v\ntargets:\n  - { platform: twitter, host: x.com, prot: 443 }\n"))
                .hasMessageContaining("unknown field 'prot'");
        assertThatThrownBy(() ->
                        parse("version: v\ntargets:\n  - { platform: twitter, host: x.com, url: 'https://y.com/' }\n"))
                .hasMessageContaining("differs from the url's host");
        assertThatThrownBy(
                        () -> parse(
                                "version: v\ntargets:\n  - { platform: twitter, url: 'https://x.com/', throughputUrl: 'https://cdn.x.com/big' }\n"))
                .hasMessageContaining("must be on host x.com");
        assertThatThrownBy(
                        () -> parse(
                                "version: v\ntargets:\n  - { platform: twitter, host: x.com }\n  - { platform: twitter, host: x.com }\n"))
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> parse("version: v\ntargets: []\n")).hasMessageContaining("at least one target");
        assertThatThrownBy(() -> parse("targets:\n  - { platform: twitter, host: x.com }\n"))
                .hasMessageContaining("'version'");
        assertThatThrownBy(
                        () -> parse(
                                "version: v\ntargets:\n  - { platform: twitter, host: x.com }\nblockPageFingerprints:\n  - { name: bad, pattern: '(' }\n"))
                .hasMessageContaining("blockPageFingerprints[0]")
                .hasMessageContaining("bad");
        assertThatThrownBy(() -> parse("version: v\ntargets: [ {")).hasMessageContaining("invalid target list YAML");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> TargetListLoader.load(Path.of("/nonexistent/targets.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nonexistent/targets.yaml");
    }
}
