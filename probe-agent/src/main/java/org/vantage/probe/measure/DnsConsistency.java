package org.vantage.probe.measure;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Compares the probe resolver's answer with a control resolver's answer (one outside the censor's
 * reach).
 *
 * <p>The CDN rule: big platforms answer from geo-distributed pools, so two honest resolvers
 * routinely return different addresses. Answers are therefore "inconsistent" only when they share
 * no address <em>and</em> no network prefix (IPv4 /24, IPv6 /48): two addresses of the same CDN
 * point of presence usually share a /24. Even then the answer is not yet called a mismatch: for TLS
 * targets the engine goes on and lets the TLS handshake decide. A certificate valid for the host
 * from the probe's answer proves the address serves the real site (a CDN node the control resolver
 * did not pick), and the measurement continues; a failure to connect or an invalid certificate on
 * that address makes the outcome {@code DNS_MISMATCH}. Plain-HTTP targets cannot be verified that
 * way, so for them inconsistent answers are reported as {@code DNS_MISMATCH} directly.
 */
final class DnsConsistency {
    static final int IPV4_PREFIX = 24;
    static final int IPV6_PREFIX = 48;

    private DnsConsistency() {}

    /** True when the two answer sets share neither an address nor an address prefix. */
    static boolean inconsistent(Collection<InetAddress> probeAnswers, Collection<InetAddress> controlAnswers) {
        if (probeAnswers.isEmpty() || controlAnswers.isEmpty()) {
            return false; // nothing to compare: absence of data is not evidence
        }
        Set<ByteBuffer> controlPrefixes = new HashSet<>();
        for (InetAddress control : controlAnswers) {
            controlPrefixes.add(prefix(control));
        }
        for (InetAddress answer : probeAnswers) {
            if (controlAnswers.contains(answer) || controlPrefixes.contains(prefix(answer))) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer prefix(InetAddress address) {
        int bits = address instanceof Inet4Address ? IPV4_PREFIX : IPV6_PREFIX;
        return ByteBuffer.wrap(CidrRange.mask(address.getAddress(), bits));
    }
}
