package org.vantage.probe.measure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing to measure: a host of a platform, the port to connect to, the URL fetched over that
 * connection, and optionally a URL on the same host whose transfer measures throughput.
 *
 * <p>The URL's scheme decides whether the TLS phase runs ({@code https}) or is skipped
 * ({@code http}). The URL must name {@code host}, because it is fetched over the connection made
 * to {@code host}'s addresses; so must the throughput URL, which reuses the resolved addresses.
 * Platform {@value #CONTROL} marks reference sites not expected to be blocked.
 *
 * @param throughputBytes bytes to transfer from {@code throughputUrl} (the transfer stops there);
 *     0 when there is no throughput URL
 */
public record MeasurementTarget(
        String platform, String host, URI url, int port, URI throughputUrl, long throughputBytes) {

    public static final String CONTROL = "control";
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\\.?");

    /** @throws IllegalArgumentException saying which field is wrong and why */
    public MeasurementTarget {
        if (platform == null || !PLATFORM.matcher(platform).matches()) {
            throw new IllegalArgumentException(
                    "platform must be lower-case letters, digits, '-' or '_', got '" + platform + "'");
        }
        if (host == null
                || !(HOST_NAME.matcher(host).matches() || IpLiterals.parse(host).isPresent())) {
            throw new IllegalArgumentException("invalid host '" + host + "' (a DNS name or an IP literal)");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port of " + host + " must be 1..65535, got " + port);
        }
        Objects.requireNonNull(url, "url of " + host);
        checkUrl(url, host, port, "url");
        if (throughputUrl != null) {
            checkUrl(throughputUrl, host, port, "throughputUrl");
            if (!throughputUrl.getScheme().equalsIgnoreCase(url.getScheme())) {
                throw new IllegalArgumentException(
                        "throughputUrl of " + host + " must use the same scheme as url (" + url.getScheme() + ")");
            }
            if (throughputBytes <= 0) {
                throw new IllegalArgumentException(
                        "throughputBytes of " + host + " must be > 0 when a throughputUrl is set");
            }
        } else if (throughputBytes != 0) {
            throw new IllegalArgumentException("throughputBytes of " + host + " is set but there is no throughputUrl");
        }
    }

    /** A target from its URL alone: host and port come from the URL. */
    public static MeasurementTarget of(String platform, String url) {
        URI uri = parseUrl(url, "url");
        return new MeasurementTarget(platform, hostOf(uri), uri, portOf(uri), null, 0);
    }

    /** This target with a throughput transfer of {@code bytes} from {@code throughputUrl}. */
    public MeasurementTarget withThroughput(String throughputUrl, long bytes) {
        return new MeasurementTarget(platform, host, url, port, parseUrl(throughputUrl, "throughputUrl"), bytes);
    }

    /**
     * Maps a fleet-configuration target (the Avro contract: url null means {@code https://host/},
     * or {@code http://host/} on port 80).
     */
    public static MeasurementTarget fromFleet(org.vantage.schema.Target target, long throughputBytes) {
        String host = target.getHost();
        int port = target.getPort();
        URI url;
        if (target.getUrl() != null) {
            url = parseUrl(target.getUrl(), "url");
        } else {
            String scheme = port == 80 ? "http" : "https";
            boolean defaultPort = port == 80 || port == 443;
            url = parseUrl(scheme + "://" + host + (defaultPort ? "" : ":" + port) + "/", "url");
        }
        URI throughput =
                target.getThroughputUrl() == null ? null : parseUrl(target.getThroughputUrl(), "throughput_url");
        return new MeasurementTarget(
                target.getPlatform(), host, url, port, throughput, throughput == null ? 0 : throughputBytes);
    }

    public boolean tls() {
        return url.getScheme().equalsIgnoreCase("https");
    }

    public boolean isControl() {
        return CONTROL.equals(platform);
    }

    static URI parseUrl(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        try {
            URI uri = new URI(text.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(field + " '" + text + "' must be an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not a valid URL: " + e.getReason(), e);
        }
    }

    static String hostOf(URI uri) {
        String h = uri.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    static int portOf(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static void checkUrl(URI uri, String host, int port, String field) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException(field + " of " + host + " must be http or https, got '" + uri + "'");
        }
        if (uri.getHost() == null || !hostOf(uri).equalsIgnoreCase(host)) {
            throw new IllegalArgumentException(field + " '" + uri + "' must be on host " + host
                    + " (it is fetched over the connection to that host)");
        }
        if (uri.getPort() > 0 && uri.getPort() != port) {
            throw new IllegalArgumentException(
                    field + " '" + uri + "' names port " + uri.getPort() + " but the target's port is " + port);
        }
    }
}
