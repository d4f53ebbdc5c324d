package org.vantage.detect.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.NetworkInfo;

class NetworkSharesTest {

    @Test
    void pakistanMobileOperatorsSplitTheirSubscribersAndFixedLinesGetTheReserve() {
        List<NetworkInfo> pk =
                Fleet.pakistan().stream().map(Fleet.Network::info).toList();
        Map<Long, Double> shares = NetworkShares.of(pk, List.of());
        // four fixed-line ISPs without figures reserve 4 x 5 %; the mobile operators split 80 % by subscribers
        assertThat(shares.get(45669L)).isCloseTo(0.8 * 51.9 / 118.6, within(1e-9));
        assertThat(shares.get(17557L)).isCloseTo(0.05, within(1e-9));
        assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void givenUserSharesWinAndUnknownNetworksSplitTheRest() {
        List<NetworkInfo> ref = List.of(
                NetworkInfo.newBuilder()
                        .setCountry("IN")
                        .setAsn(1)
                        .setName("a")
                        .setUserShare(0.5)
                        .build(),
                NetworkInfo.newBuilder()
                        .setCountry("IN")
                        .setAsn(2)
                        .setName("b")
                        .setUserShare(0.3)
                        .build(),
                NetworkInfo.newBuilder().setCountry("IN").setAsn(3).setName("c").build());
        Map<Long, Double> shares = NetworkShares.of(ref, List.of(4L)); // AS4 has probes but no reference entry
        assertThat(shares.get(1L)).isCloseTo(0.5, within(1e-9));
        assertThat(shares.get(3L)).isCloseTo(0.1, within(1e-9));
        assertThat(shares.get(4L)).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void withoutReferenceDataEveryObservedNetworkWeighsTheSame() {
        assertThat(NetworkShares.of(List.of(), List.of(1L, 2L, 3L, 4L)))
                .containsEntry(1L, 0.25)
                .containsEntry(4L, 0.25);
    }
}
