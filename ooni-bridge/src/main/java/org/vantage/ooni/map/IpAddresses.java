package org.vantage.ooni.map;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP literals in OONI documents: which are addresses at all, and which can never be a public server (bogons). */
final class IpAddresses {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f.]*:[0-9A-Fa-f:.]*|:");

    private IpAddresses() {}

    /** True for an IPv4 or IPv6 literal; host names (CNAME answers) are not addresses. */
    static boolean isLiteral(String s) {
        return s != null && (V4.matcher(s).matches() || V6.matcher(s).matches()) && parse(s) != null;
    }

    static boolean isV6(String s) {
        return s != null && s.contains(":");
    }

    /**
     * Private, loopback, link-local, unspecified, carrier-grade NAT, multicast, documentation and reserved
     * ranges, and IPv6 unique-local: answers no resolver should give for a public site. Censors answer with
     * them (Iran's 10.10.34.36), and so do VPN apps and ad blockers on the phone (127.0.0.1, 0.0.0.0).
     */
    static boolean isBogon(String s) {
        InetAddress a = parse(s);
        if (a == null) {
            return false;
        }
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff;
            int o1 = b[1] & 0xff;
            int o2 = b[2] & 0xff;
            return o0 == 0
                    || o0 >= 240
                    || (o0 == 100 && o1 >= 64 && o1 < 128) // 100.64/10 carrier-grade NAT
                    || (o0 == 192 && o1 == 0 && (o2 == 0 || o2 == 2)) // 192.0.0/24, 192.0.2/24
                    || (o0 == 198 && (o1 == 18 || o1 == 19)) // 198.18/15 benchmarking
                    || (o0 == 198 && o1 == 51 && o2 == 100)
                    || (o0 == 203 && o1 == 0 && o2 == 113);
        }
        if (a instanceof Inet6Address) {
            int o0 = b[0] & 0xff;
            return (o0 & 0xfe) == 0xfc // fc00::/7 unique local
                    || (o0 == 0x20
                            && (b[1] & 0xff) == 0x01
                            && (b[2] & 0xff) == 0x0d
                            && (b[3] & 0xff) == 0xb8); // 2001:db8::/32
        }
        return false;
    }

    /** True when an IPv4 literal lies in a CIDR block such as {@code 157.240.0.0/16}. */
    static boolean inCidr(String ip, String cidr) {
        InetAddress a = parse(ip);
        int slash = cidr.indexOf('/');
        InetAddress net = parse(cidr.substring(0, slash));
        if (!(a instanceof Inet4Address) || !(net instanceof Inet4Address)) {
            return false;
        }
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return (toInt(a.getAddress()) & mask) == (toInt(net.getAddress()) & mask);
    }

    private static int toInt(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static InetAddress parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            // Only literals reach here (checked by the callers' patterns), so no name lookup happens.
            if (V4.matcher(s).matches()) {
                for (String octet : s.split("\\.")) {
                    if (Integer.parseInt(octet) > 255) {
                        return null; // getByName would take it for a host name and look it up
                    }
                }
            } else if (!V6.matcher(s).matches()) {
                return null;
            }
            return InetAddress.getByName(s);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
