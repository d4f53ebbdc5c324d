package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsConsistencyTest {
    private static List<InetAddress> ips(String... literals) {
        return Arrays.stream(literals)
                .map(s -> {
                    try {
                        return InetAddress.getByName(s);
                    } catch (Exception e) {
                        throw new IllegalArgumentException(e);
                    }
                })
                .toList();
    }

    @Test
    void sharedAddressIsConsistent() {
        assertThat(DnsConsistency.inconsistent(ips("104.244.42.1", "104.244.43.1"), ips("104.244.43.1")))
                .isFalse();
    }

    @Test
    void sameSlash24IsConsistentBecauseCdnNodesShareNetworks() {
        assertThat(DnsConsistency.inconsistent(ips("157.240.1.35"), ips("157.240.1.174")))
                .isFalse();
    }

    @Test
    void sameIpv6Slash48IsConsistent() {
        assertThat(DnsConsistency.inconsistent(ips("2a03:2880:f10c:83::1"), ips("2a03:2880:f10c:ffff::2")))
                .isFalse();
    }

    @Test
    void disjointAddressesAndPrefixesAreInconsistent() {
        assertThat(DnsConsistency.inconsistent(ips("203.0.113.10"), ips("104.244.42.1", "104.244.42.65")))
                .isTrue();
        assertThat(DnsConsistency.inconsistent(ips("104.244.41.1"), ips("104.244.42.1")))
                .isTrue();
    }

    @Test
    void missingSideIsNotEvidence() {
        assertThat(DnsConsistency.inconsistent(ips(), ips("104.244.42.1"))).isFalse();
        assertThat(DnsConsistency.inconsistent(ips("104.244.42.1"), ips())).isFalse();
    }
}
