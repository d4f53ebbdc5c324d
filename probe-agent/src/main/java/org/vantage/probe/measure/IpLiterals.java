package org.vantage.probe.measure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Recognises numeric IP literals so that they are never sent to a resolver. */
final class IpLiterals {
    private static final Pattern IPV4 =
            Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:.]+$");

    private IpLiterals() {}

    static boolean isIpLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        // InetAddress.getByName does not resolve strings that contain ':' and only hex digits.
        return text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
    }

    /** The address when {@code host} is a literal (brackets allowed for IPv6), else empty. */
    static Optional<InetAddress> parse(String host) {
        String candidate = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!isIpLiteral(candidate)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
