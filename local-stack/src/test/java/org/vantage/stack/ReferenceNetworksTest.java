package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.NetworkType;

class ReferenceNetworksTest {

    private static final String HEADER = "country,asn,name,network_type,subscribers_millions,subscribers_basis,notes\n";

    private static List<NetworkInfo> load(String rows, Map<String, Double> knownShare) throws IOException {
        return ReferenceNetworks.load(new StringReader(HEADER + rows), "test.csv", knownShare);
    }

    private static Map<Long, NetworkInfo> byAsn(List<NetworkInfo> networks) {
        return networks.stream().collect(Collectors.toMap(NetworkInfo::getAsn, Function.identity()));
    }

    @Test
    void knownNetworksShareTheConfiguredPartByTheirSubscribersAndUnknownOnesSplitTheRest() throws IOException {
        Map<Long, NetworkInfo> n = byAsn(load("""
                XA,1,Big,mobile,60,"subs, 2024",
                XA,2,Small,mobile,20,,
                XA,3,Fibre,fixed,,,
                XA,4,Cable,fixed,,,"a note, with comma"
                """, Map.of("XA", 0.8)));

        assertThat(n.get(1L).getUserShare()).isCloseTo(0.8 * 60 / 80, within(1e-12));
        assertThat(n.get(2L).getUserShare()).isCloseTo(0.8 * 20 / 80, within(1e-12));
        assertThat(n.get(3L).getUserShare()).isCloseTo(0.1, within(1e-12));
        assertThat(n.get(4L).getUserShare()).isCloseTo(0.1, within(1e-12));
        assertThat(n.values().stream().mapToDouble(NetworkInfo::getUserShare).sum())
                .isCloseTo(1.0, within(1e-12));
        assertThat(n.get(1L).getSubscribersBasis()).isEqualTo("subs, 2024");
        assertThat(n.get(4L).getNotes()).isEqualTo("a note, with comma");
        assertThat(n.get(3L).getNetworkType()).isEqualTo(NetworkType.FIXED);
        assertThat(n.get(3L).getSubscribersMillions()).isNull();
    }

    @Test
    void withoutUnknownNetworksTheSharesAddUpToTheKnownPartOnly() throws IOException {
        List<NetworkInfo> n = load("XB,1,A,mobile,30,,\nXB,2,B,,10,,\n", Map.of("XB", 0.9));
        assertThat(n.stream().mapToDouble(NetworkInfo::getUserShare).sum()).isCloseTo(0.9, within(1e-12));
        assertThat(byAsn(n).get(2L).getNetworkType()).isEqualTo(NetworkType.UNKNOWN);
    }

    @Test
    void aCountryWithoutAnyFigureGetsNoSharesAndNeedsNoSetting() throws IOException {
        List<NetworkInfo> n = load("XC,1,A,fixed,,,\nXC,2,B,mobile,,,\n", Map.of());
        assertThat(n).extracting(NetworkInfo::getUserShare).containsOnlyNulls();
    }

    @Test
    void countriesAreComputedSeparately() throws IOException {
        Map<Long, NetworkInfo> n =
                byAsn(load("XA,1,A,mobile,10,,\nXA,2,B,fixed,,,\nXB,3,C,mobile,5,,\n", Map.of("XA", 0.5, "XB", 1.0)));
        assertThat(n.get(1L).getUserShare()).isCloseTo(0.5, within(1e-12));
        assertThat(n.get(2L).getUserShare()).isCloseTo(0.5, within(1e-12));
        assertThat(n.get(3L).getUserShare()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void badInputIsRejectedWithFileLineAndReason() {
        assertThatThrownBy(() -> load("XA,1,A,mobile,10,,\n", Map.of()))
                .hasMessageContaining("no known-user share configured for XA");
        assertThatThrownBy(() -> load("XA,1,A,mobile,10,,\n", Map.of("XA", 1.5)))
                .hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> load("XA,1,A,mobile,10,,\nXA,abc,B,fixed,,,\n", Map.of("XA", 0.5)))
                .hasMessageContaining("test.csv:3")
                .hasMessageContaining("asn must be a number");
        assertThatThrownBy(() -> load("XA,1,A,satellite,,,\n", Map.of()))
                .hasMessageContaining("test.csv:2")
                .hasMessageContaining("network_type");
        assertThatThrownBy(() -> load("XA,1,A,mobile,-3,,\n", Map.of("XA", 0.5)))
                .hasMessageContaining("subscribers_millions must be positive");
        assertThatThrownBy(() -> load("XA,1,A,mobile,,,\nxa,1,B,mobile,,,\n", Map.of()))
                .hasMessageContaining("XA:1 is listed twice");
        assertThatThrownBy(() -> load("PAK,1,A,mobile,,,\n", Map.of()))
                .hasMessageContaining("test.csv:2")
                .hasMessageContaining("ISO 3166-1");
        assertThatThrownBy(() -> load("XA,1,\"unterminated,mobile,,,\n", Map.of()))
                .hasMessageContaining("unterminated");
    }

    @Test
    void bundledPakistanTableFollowsTheRule() {
        Map<Long, NetworkInfo> n = byAsn(ReferenceNetworks.bundled());

        assertThat(n).containsKeys(45669L, 59257L, 24499L, 17557L, 23674L, 9541L, 38264L);
        double knownTotal = 51.9 + 39.8 + 26.9;
        assertThat(n.get(45669L).getUserShare()).isCloseTo(0.85 * 51.9 / knownTotal, within(1e-9));
        assertThat(n.get(45669L).getNetworkType()).isEqualTo(NetworkType.MOBILE);
        assertThat(n.get(17557L).getUserShare()).isCloseTo(0.15 / 4, within(1e-9));
        assertThat(n.get(17557L).getNotes()).contains("also AS45595");
        assertThat(n.values()).allSatisfy(info -> assertThat(info.getCountry()).isEqualTo("PK"));
    }
}
