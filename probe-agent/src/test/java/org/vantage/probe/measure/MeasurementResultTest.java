package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;

class MeasurementResultTest {
    private static final ProbeIdentity PROBE =
            new ProbeIdentity("probe-17", "PK", 17557, "Punjab", "Lahore", NetworkType.FIXED, "0.1.0");

    @Test
    void becomesAMeasurementWithTheProbesIdentity() {
        MeasurementResult result = new MeasurementResult(
                "7f1c1b5e-0000-4000-8000-000000000001",
                MeasurementTarget.of("twitter", "https://x.com/"),
                Instant.parse("2024-01-20T15:00:00.123Z"),
                Outcome.TLS_RESET,
                "reset",
                "system",
                List.of("104.244.42.1"),
                null,
                12,
                30,
                5,
                null,
                60,
                null,
                null);
        Measurement m = result.toMeasurement(PROBE, -42L);
        assertThat(m.getMeasurementId()).isEqualTo(result.measurementId());
        assertThat(m.getProbeId()).isEqualTo("probe-17");
        assertThat(m.getCountry()).isEqualTo("PK");
        assertThat(m.getAsn()).isEqualTo(17557);
        assertThat(m.getRegion()).isEqualTo("Punjab");
        assertThat(m.getCity()).isEqualTo("Lahore");
        assertThat(m.getNetworkType()).isEqualTo(NetworkType.FIXED);
        assertThat(m.getPlatform()).isEqualTo("twitter");
        assertThat(m.getTargetHost()).isEqualTo("x.com");
        assertThat(m.getTargetUrl()).isEqualTo("https://x.com/");
        assertThat(m.getEventTime()).isEqualTo(Instant.parse("2024-01-20T15:00:00.123Z"));
        assertThat(m.getOutcome()).isEqualTo(Outcome.TLS_RESET);
        assertThat(m.getOutcomeDetail()).isEqualTo("reset");
        assertThat(m.getResolver()).isEqualTo("system");
        assertThat(m.getDnsAnswers()).containsExactly("104.244.42.1");
        assertThat(m.getTimings().getDnsMs()).isEqualTo(12);
        assertThat(m.getTimings().getConnectMs()).isEqualTo(30);
        assertThat(m.getTimings().getTlsMs()).isEqualTo(5);
        assertThat(m.getTimings().getFirstByteMs()).isNull();
        assertThat(m.getTimings().getTotalMs()).isEqualTo(60);
        assertThat(m.getClockOffsetMs()).isEqualTo(-42L);
        assertThat(m.getProbeVersion()).isEqualTo("0.1.0");
        assertThat(m.getSimulated()).isFalse();
    }

    @Test
    void probeIdentityIsValidated() {
        assertThatThrownBy(() -> new ProbeIdentity("p", "pk", 1, null, null, null, "v"))
                .hasMessageContaining("country");
        assertThatThrownBy(() -> new ProbeIdentity("p", "PK", 0, null, null, null, "v"))
                .hasMessageContaining("ASN");
        assertThatThrownBy(() -> new ProbeIdentity(" ", "PK", 1, null, null, null, "v"))
                .hasMessageContaining("probe id");
        assertThat(new ProbeIdentity("p", "PK", 1, null, null, null, "v").networkType())
                .isEqualTo(NetworkType.UNKNOWN);
    }
}
