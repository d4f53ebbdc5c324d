package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementSettingsTest {
    @Test
    void defaultsSuitADeployedProbe() {
        MeasurementSettings s = MeasurementSettings.builder().build();
        assertThat(s.resolvers()).containsExactly(ResolverSpec.system());
        assertThat(s.controlResolver()).isEmpty();
        assertThat(s.bogonFilter().isBogon(java.net.InetAddress.getLoopbackAddress()))
                .isTrue();
        assertThat(s.statusPolicy()).isEqualTo(HttpStatusPolicy.DEFAULT);
    }

    @Test
    void invalidValuesAreNamed() {
        assertThatThrownBy(() ->
                        MeasurementSettings.builder().dnsTimeout(Duration.ZERO).build())
                .hasMessageContaining("dnsTimeout");
        assertThatThrownBy(
                        () -> MeasurementSettings.builder().resolvers(List.of()).build())
                .hasMessageContaining("resolver");
        assertThatThrownBy(() ->
                        MeasurementSettings.builder().throughputFloorBps(-1).build())
                .hasMessageContaining("throughputFloorBps");
        assertThatThrownBy(() -> MeasurementSettings.builder().maxBodyBytes(0).build())
                .hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() ->
                        MeasurementSettings.builder().userAgent("a\r\nX: y").build())
                .hasMessageContaining("userAgent");
    }

    @Test
    void toBuilderKeepsValues() {
        MeasurementSettings s = MeasurementSettings.builder()
                .connectTimeout(Duration.ofMillis(1234))
                .build();
        assertThat(s.toBuilder().build().connectTimeout()).isEqualTo(Duration.ofMillis(1234));
    }

    @Test
    void missingTrustStoreFileIsNamed() {
        assertThatThrownBy(() -> TlsTrust.fromFile(Path.of("/nonexistent/trust.p12"), new char[0], "PKCS12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nonexistent/trust.p12");
    }
}
