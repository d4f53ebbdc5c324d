package org.vantage.probe.measure;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Which DNS resolver a measurement asks: the system's (the servers the operating system is
 * configured with, which is what users of the network get) or an explicit {@code host:port}.
 * The label is what goes into {@code Measurement.resolver}.
 *
 * <p>"System" means the configured DNS servers (e.g. {@code /etc/resolv.conf}) queried directly
 * with dnsjava, not {@code getaddrinfo}: {@code /etc/hosts} and NSS are bypassed, which is what
 * lets the engine see the response code (NXDOMAIN vs SERVFAIL vs timeout).
 */
public final class ResolverSpec {
    public static final String SYSTEM_LABEL = "system";
    private static final int DNS_PORT = 53;

    private final InetSocketAddress address; // null = system

    private ResolverSpec(InetSocketAddress address) {
        this.address = address;
    }

    public static ResolverSpec system() {
        return new ResolverSpec(null);
    }

    public static ResolverSpec of(InetAddress address, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("resolver port must be 1..65535, got " + port);
        }
        return new ResolverSpec(new InetSocketAddress(Objects.requireNonNull(address, "address"), port));
    }

    /**
     * Parses {@code system}, {@code 1.1.1.1}, {@code 1.1.1.1:53}, {@code [2606:4700::1111]:53} or
     * {@code 2606:4700::1111}. Resolvers must be IP literals: resolving the resolver would need DNS.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static ResolverSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("resolver must be 'system' or an IP address with optional :port");
        }
        String t = text.trim();
        if (t.equalsIgnoreCase(SYSTEM_LABEL)) {
            return system();
        }
        String host = t;
        int port = DNS_PORT;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in resolver '" + text + "'");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':port' after ']' in resolver '" + text + "'");
                }
                port = parsePort(rest.substring(1), text);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = parsePort(t.substring(t.indexOf(':') + 1), text);
        }
        Optional<InetAddress> literal = IpLiterals.parse(host);
        if (literal.isEmpty()) {
            throw new IllegalArgumentException(
                    "resolver '" + text + "' must be 'system' or an IP address literal (host names are not allowed)");
        }
        return of(literal.get(), port);
    }

    private static int parsePort(String port, String text) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("invalid port in resolver '" + text + "' (1..65535)");
    }

    public boolean isSystem() {
        return address == null;
    }

    /** The resolver's socket address; empty for the system resolver. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(address);
    }

    /** {@code system} or {@code ip:port} ({@code [v6]:port}). */
    public String label() {
        if (address == null) {
            return SYSTEM_LABEL;
        }
        String ip = address.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResolverSpec other && Objects.equals(address, other.address);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(address);
    }

    @Override
    public String toString() {
        return label();
    }
}
