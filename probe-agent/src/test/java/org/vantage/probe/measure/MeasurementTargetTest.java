package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vantage.schema.Target;

class MeasurementTargetTest {
    @Test
    void derivesHostPortAndTlsFromTheUrl() {
        MeasurementTarget https = MeasurementTarget.of("twitter", "https://X.com/home?lang=en");
        assertThat(https.host()).isEqualTo("x.com");
        assertThat(https.port()).isEqualTo(443);
        assertThat(https.tls()).isTrue();
        MeasurementTarget http = MeasurementTarget.of("control", "http://127.0.0.1:8080/");
        assertThat(http.port()).isEqualTo(8080);
        assertThat(http.tls()).isFalse();
        assertThat(http.isControl()).isTrue();
    }

    @Test
    void mapsFleetTargetsWithTheContractDefaults() {
        MeasurementTarget dflt = MeasurementTarget.fromFleet(
                Target.newBuilder()
                        .setPlatform("youtube")
                        .setHost("www.youtube.com")
                        .build(),
                1000);
        assertThat(dflt.url().toString()).isEqualTo("https://www.youtube.com/");
        assertThat(dflt.throughputUrl()).isNull();
        assertThat(dflt.throughputBytes()).isZero();
        MeasurementTarget plain = MeasurementTarget.fromFleet(
                Target.newBuilder()
                        .setPlatform("control")
                        .setHost("example.com")
                        .setPort(80)
                        .build(),
                1000);
        assertThat(plain.url().toString()).isEqualTo("http://example.com/");
        MeasurementTarget withThroughput = MeasurementTarget.fromFleet(
                Target.newBuilder()
                        .setPlatform("youtube")
                        .setHost("i.ytimg.com")
                        .setThroughputUrl("https://i.ytimg.com/big")
                        .build(),
                5000);
        assertThat(withThroughput.throughputBytes()).isEqualTo(5000);
    }

    @Test
    void rejectsInconsistentTargets() {
        assertThatThrownBy(() -> MeasurementTarget.of("twitter", "ftp://x.com/"))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> MeasurementTarget.of("twitter", "x.com")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> MeasurementTarget.of("", "https://x.com/")).hasMessageContaining("platform");
        assertThatThrownBy(
                        () -> MeasurementTarget.of("twitter", "https://x.com/").withThroughput("http://x.com/big", 10))
                .hasMessageContaining("same scheme");
        assertThatThrownBy(
                        () -> MeasurementTarget.of("twitter", "https://x.com/").withThroughput("https://x.com/big", 0))
                .hasMessageContaining("throughputBytes");
        assertThatThrownBy(() -> MeasurementTarget.of("twitter", "https://bad_host!/"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
