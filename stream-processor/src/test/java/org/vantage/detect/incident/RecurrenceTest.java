package org.vantage.detect.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.model.PastIncident;
import org.vantage.detect.model.Slot;

class RecurrenceTest {
    static PastIncident incident(
            String id, Slot slot, List<String> platforms, List<Long> asns, List<String> techniques) {
        return new PastIncident(id, slot, platforms, asns, techniques, 0, 1L);
    }

    @Test
    void similarityWeighsPlatformsNetworksAndTechniques() {
        PastIncident a = incident(
                "a", Slot.PLATFORM, List.of("twitter", "youtube"), List.of(1L, 2L), List.of("TLS_SNI_FILTERING"));
        PastIncident b = incident("b", Slot.PLATFORM, List.of("twitter"), List.of(1L, 2L), List.of("DNS_TAMPERING"));
        assertThat(Recurrence.similarity(a, a)).isEqualTo(1.0);
        assertThat(Recurrence.similarity(a, b)).isEqualTo(0.5 * 0.5 + 0.3);
        assertThat(Recurrence.similarity(
                        a,
                        incident(
                                "c",
                                Slot.NETWORK,
                                List.of("twitter", "youtube"),
                                List.of(1L, 2L),
                                List.of("TLS_SNI_FILTERING"))))
                .isZero();
    }

    @Test
    void relatedListsTheMostSimilarFirstAboveTheThreshold() {
        PastIncident now =
                incident("now", Slot.PLATFORM, List.of("twitter"), List.of(1L), List.of("TLS_SNI_FILTERING"));
        List<PastIncident> history = List.of(
                incident("same", Slot.PLATFORM, List.of("twitter"), List.of(1L), List.of("TLS_SNI_FILTERING")),
                incident("other", Slot.PLATFORM, List.of("youtube"), List.of(9L), List.of("DNS_TAMPERING")),
                incident("close", Slot.PLATFORM, List.of("twitter"), List.of(1L, 2L), List.of("TLS_SNI_FILTERING")));
        assertThat(Recurrence.related(now, history, 0.5, 5))
                .extracting(r -> r.incident().incidentId())
                .containsExactly("same", "close");
    }
}
