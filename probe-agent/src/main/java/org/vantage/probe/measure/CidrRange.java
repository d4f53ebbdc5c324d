package org.vantage.probe.measure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 prefix such as {@code 10.0.0.0/8} or {@code fc00::/7}. Immutable. */
public final class CidrRange {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code address/prefix} (a bare address means a single host). Only literal addresses
     * are accepted; host names are rejected rather than resolved.
     *
     * @throws IllegalArgumentException with the offending text when it is not a valid prefix
     */
    public static CidrRange parse(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new IllegalArgumentException("CIDR range must not be empty");
        }
        String trimmed = cidr.trim();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literalBytes(addressPart, cidr);
        int maxBits = bytes.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid prefix length in CIDR range '" + cidr + "'");
            }
            if (prefix < 0 || prefix > maxBits) {
                throw new IllegalArgumentException(
                        "prefix length must be 0.." + maxBits + " in CIDR range '" + cidr + "'");
            }
        }
        return new CidrRange(mask(bytes, prefix), prefix, trimmed);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(candidate, prefixLength), network);
    }

    public int prefixLength() {
        return prefixLength;
    }

    static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bitsInByte = Math.max(0, Math.min(8, prefixLength - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF << (8 - bitsInByte)));
        }
        return masked;
    }

    /** Parses a numeric IPv4/IPv6 literal without ever doing a DNS lookup. */
    static byte[] literalBytes(String literal, String context) {
        String candidate =
                literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (!IpLiterals.isIpLiteral(candidate)) {
            throw new IllegalArgumentException("not an IP address literal: '" + context + "'");
        }
        try {
            return InetAddress.getByName(candidate).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + context + "'", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrRange other
                && prefixLength == other.prefixLength
                && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
