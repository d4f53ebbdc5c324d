package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BogonFilterTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.10.34.34",
                "127.0.0.1",
                "192.168.1.1",
                "172.16.5.4",
                "172.31.255.255",
                "169.254.1.1",
                "100.64.0.1",
                "100.127.255.254",
                "0.1.2.3",
                "224.0.0.251",
                "239.255.255.250",
                "240.0.0.1",
                "255.255.255.255",
                "192.0.2.7",
                "198.51.100.1",
                "203.0.113.9",
                "198.18.0.1",
                "::1",
                "::",
                "fe80::1",
                "fd00::1",
                "fc12::1",
                "ff02::1",
                "2001:db8::1",
                "::ffff:10.0.0.1"
            })
    void standardFilterFlagsSpecialPurposeAddresses(String address) throws Exception {
        assertThat(BogonFilter.standard().isBogon(ip(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "104.244.42.1",
                "157.240.1.35",
                "8.8.8.8",
                "172.32.0.1",
                "100.128.0.1",
                "11.0.0.1",
                "2606:4700::6810:84e5",
                "2a03:2880:f10c:83:face:b00c:0:25de"
            })
    void standardFilterAcceptsPublicAddresses(String address) throws Exception {
        assertThat(BogonFilter.standard().isBogon(ip(address))).isFalse();
    }

    @Test
    void allowedRangesAreExemptButOthersStayBogons() throws Exception {
        BogonFilter loopbackAllowed = BogonFilter.standard().allowing("127.0.0.0/8");
        assertThat(loopbackAllowed.isBogon(ip("127.0.0.1"))).isFalse();
        assertThat(loopbackAllowed.isBogon(ip("10.10.34.34"))).isTrue();
        assertThat(loopbackAllowed.bogonRangeOf(ip("10.10.34.34")))
                .map(Object::toString)
                .contains("10.0.0.0/8");
    }

    @Test
    void customRangesReplaceTheStandardList() throws Exception {
        BogonFilter custom = BogonFilter.of(List.of("203.0.113.0/24"), List.of());
        assertThat(custom.isBogon(ip("203.0.113.5"))).isTrue();
        assertThat(custom.isBogon(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void invalidRangeIsRejectedWithTheText() {
        assertThatThrownBy(() -> BogonFilter.of(List.of("10.0.0.0/33"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> BogonFilter.standard().allowing("localhost/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost/8");
        assertThatThrownBy(() -> CidrRange.parse("10.0.0.0/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
    }

    @Test
    void cidrRangeMatchesOnPrefixBitsOnly() throws Exception {
        CidrRange cgnat = CidrRange.parse("100.64.0.0/10");
        assertThat(cgnat.contains(ip("100.64.0.0"))).isTrue();
        assertThat(cgnat.contains(ip("100.127.255.255"))).isTrue();
        assertThat(cgnat.contains(ip("100.128.0.0"))).isFalse();
        assertThat(cgnat.contains(ip("::1"))).isFalse();
        assertThat(CidrRange.parse("10.1.2.3").contains(ip("10.1.2.3"))).isTrue();
        assertThat(CidrRange.parse("10.1.2.3").contains(ip("10.1.2.4"))).isFalse();
    }
}
