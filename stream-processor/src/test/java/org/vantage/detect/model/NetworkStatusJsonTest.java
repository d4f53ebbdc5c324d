package org.vantage.detect.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.serde.JsonSerde;

/** The status topic's JSON: late evidence travels only on the statuses that carry it. */
class NetworkStatusJsonTest {
    final JsonSerde<NetworkStatus> serde = JsonSerde.of(NetworkStatus.class);

    @Test
    void aWindowStatusCarriesNoLateField() {
        NetworkStatus window = new NetworkStatus("PK", 45669, "MOBILE", 0, 60_000, 0, false, 59_000, 5, List.of());

        assertThat(new String(serde.serialize("t", window), StandardCharsets.UTF_8))
                .doesNotContain("late");
        assertThat(serde.deserialize("t", serde.serialize("t", window))).isEqualTo(window);
    }

    @Test
    void aLateStatusReadsBackWithItsEvidence() {
        LateEvidence late = new LateEvidence(
                2,
                1_000,
                2_000,
                List.of(new LateEvidence.Window(
                        0, List.of(new LateEvidence.PlatformCount("control", 2, 2, 1, 1_000, 2_000)))));
        NetworkStatus status = new NetworkStatus(
                "PK", 45669, "MOBILE", 0, 60_000, 0, false, 59_000, 5, List.of(), null, List.of(), late);

        NetworkStatus back = serde.deserialize("t", serde.serialize("t", status));

        assertThat(back).isEqualTo(status);
        assertThat(back.isLate()).isTrue();
        assertThat(back.regionChange()).isFalse();
    }
}
