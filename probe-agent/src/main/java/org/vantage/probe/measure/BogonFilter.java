package org.vantage.probe.measure;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a DNS answer is a bogon: an address that can never be the public address of a
 * real site (private, loopback, link-local, CGNAT, documentation, multicast, reserved). Censors
 * commonly inject such answers (e.g. 10.x or 127.0.0.1) to sinkhole a name.
 *
 * <p>The {@code allowed} ranges are exempt: a deployment whose test targets live on loopback (the
 * engine's own tests, a lab) allows {@code 127.0.0.0/8}; nothing else should need it.
 */
public final class BogonFilter {
    /** RFC 6890 special-purpose ranges that are never a public web server. */
    public static final List<String> STANDARD_RANGES = List.of(
            "0.0.0.0/8", // "this network"
            "10.0.0.0/8", // RFC 1918
            "100.64.0.0/10", // CGNAT, RFC 6598
            "127.0.0.0/8", // loopback
            "169.254.0.0/16", // link-local
            "172.16.0.0/12", // RFC 1918
            "192.0.0.0/24", // IETF protocol assignments
            "192.0.2.0/24", // TEST-NET-1
            "192.168.0.0/16", // RFC 1918
            "198.18.0.0/15", // benchmarking
            "198.51.100.0/24", // TEST-NET-2
            "203.0.113.0/24", // TEST-NET-3
            "224.0.0.0/4", // multicast
            "240.0.0.0/4", // reserved, includes 255.255.255.255
            "::/128", // unspecified
            "::1/128", // loopback
            "100::/64", // discard-only
            "2001:db8::/32", // documentation
            "fc00::/7", // unique local
            "fe80::/10", // link-local
            "ff00::/8"); // multicast

    private final List<CidrRange> bogons;
    private final List<CidrRange> allowed;

    private BogonFilter(List<CidrRange> bogons, List<CidrRange> allowed) {
        this.bogons = List.copyOf(bogons);
        this.allowed = List.copyOf(allowed);
    }

    /** The standard ranges with no exemptions: what a deployed probe uses. */
    public static BogonFilter standard() {
        return of(STANDARD_RANGES, List.of());
    }

    /**
     * @param bogonRanges CIDR ranges whose addresses are bogons
     * @param allowedRanges CIDR ranges exempted even when inside a bogon range
     * @throws IllegalArgumentException naming the invalid range
     */
    public static BogonFilter of(List<String> bogonRanges, List<String> allowedRanges) {
        return new BogonFilter(
                bogonRanges.stream().map(CidrRange::parse).toList(),
                allowedRanges.stream().map(CidrRange::parse).toList());
    }

    /** This filter with more exempt ranges, e.g. {@code allowing("127.0.0.0/8")} for loopback tests. */
    public BogonFilter allowing(String... cidrs) {
        List<CidrRange> more = new java.util.ArrayList<>(allowed);
        for (String cidr : cidrs) {
            more.add(CidrRange.parse(cidr));
        }
        return new BogonFilter(bogons, more);
    }

    /** The bogon range containing {@code address}, or empty when the address is acceptable. */
    public Optional<CidrRange> bogonRangeOf(InetAddress address) {
        for (CidrRange range : allowed) {
            if (range.contains(address)) {
                return Optional.empty();
            }
        }
        return bogons.stream().filter(r -> r.contains(address)).findFirst();
    }

    public boolean isBogon(InetAddress address) {
        return bogonRangeOf(address).isPresent();
    }

    @Override
    public String toString() {
        return "BogonFilter{bogons=" + bogons + ", allowed=" + allowed + "}";
    }
}
