package org.vantage.ooni.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The network events of one measurement's test_keys (spec data-formats df-001, df-002, df-005, df-006), read
 * defensively: every field may be missing, null or of another type, and a bad event is dropped, not fatal.
 */
record Events(List<Dns> queries, List<Tcp> tcp, List<Tls> tls, List<Http> requests) {

    record Dns(
            String hostname,
            String queryType,
            String engine,
            String failure,
            List<String> ips,
            List<Long> asns,
            Set<String> tags,
            Double t0,
            Double t) {}

    record Tcp(String ip, int port, boolean success, String failure, Set<String> tags, Double t0, Double t) {}

    record Tls(
            String ip,
            int port,
            String serverName,
            String failure,
            boolean noTlsVerify,
            Set<String> tags,
            Double t0,
            Double t) {}

    record Http(
            String url,
            String failure,
            Integer code,
            String body,
            boolean bodyUndecodable,
            Map<String, String> headers,
            Set<String> tags,
            Double t0,
            Double t) {
        boolean responseStarted() {
            return code != null && code > 0;
        }
    }

    static Events of(JsonNode tk) {
        List<Dns> q = new ArrayList<>();
        for (JsonNode n : array(tk, "queries")) {
            List<String> ips = new ArrayList<>();
            List<Long> asns = new ArrayList<>();
            for (JsonNode a : array(n, "answers")) {
                String ip = text(a, "ipv4") != null ? text(a, "ipv4") : text(a, "ipv6");
                if (IpAddresses.isLiteral(ip)) {
                    ips.add(ip);
                    if (a.path("asn").canConvertToLong() && a.path("asn").asLong() > 0) {
                        asns.add(a.path("asn").asLong());
                    }
                }
            }
            q.add(new Dns(
                    host(text(n, "hostname")),
                    text(n, "query_type"),
                    text(n, "engine"),
                    Failures.of(n.get("failure")),
                    List.copyOf(ips),
                    List.copyOf(asns),
                    tags(n),
                    num(n, "t0"),
                    num(n, "t")));
        }
        List<Tcp> c = new ArrayList<>();
        for (JsonNode n : array(tk, "tcp_connect")) {
            JsonNode status = n.path("status");
            String failure = Failures.of(status.get("failure"));
            boolean success = status.path("success").asBoolean(failure == null);
            c.add(new Tcp(
                    text(n, "ip"),
                    n.path("port").asInt(0),
                    success && failure == null,
                    failure,
                    tags(n),
                    num(n, "t0"),
                    num(n, "t")));
        }
        List<Tls> s = new ArrayList<>();
        for (JsonNode n : array(tk, "tls_handshakes")) {
            String address = text(n, "address");
            String ip = null;
            int port = 0;
            if (address != null) {
                int colon = address.lastIndexOf(':');
                if (colon > 0) {
                    ip = address.substring(0, colon).replace("[", "").replace("]", "");
                    try {
                        port = Integer.parseInt(address.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        port = 0;
                    }
                }
            }
            s.add(new Tls(
                    ip,
                    port,
                    host(text(n, "server_name")),
                    Failures.of(n.get("failure")),
                    n.path("no_tls_verify").asBoolean(false),
                    tags(n),
                    num(n, "t0"),
                    num(n, "t")));
        }
        List<Http> r = new ArrayList<>();
        for (JsonNode n : array(tk, "requests")) {
            JsonNode resp = n.path("response");
            Integer code =
                    resp.path("code").canConvertToInt() ? resp.path("code").asInt() : null;
            JsonNode bodyNode = resp.get("body");
            String body = null;
            boolean undecodable = false;
            if (bodyNode != null && bodyNode.isTextual()) {
                body = bodyNode.asText();
            } else if (bodyNode != null && bodyNode.isObject() && "base64".equals(text(bodyNode, "format"))) {
                body = base64(text(bodyNode, "data"));
                undecodable = body == null;
            }
            r.add(new Http(
                    text(n.path("request"), "url"),
                    Failures.of(n.get("failure")),
                    code,
                    body,
                    undecodable,
                    headers(resp),
                    tags(n),
                    num(n, "t0"),
                    num(n, "t")));
        }
        return new Events(List.copyOf(q), List.copyOf(c), List.copyOf(s), List.copyOf(r));
    }

    /**
     * Web Connectivity 0.5 tags the events of its classic algorithm {@code classic}, and the spec says only
     * those may produce the verdict (ts-017, "Web Connectivity MUST only use the measurements collected by the
     * classical algorithm"); the others come from extensions (DoH, UDP lookups, the TH's addresses). Documents
     * without the tag (0.4 and older, the IM tests) are used whole.
     */
    Events classicOnly() {
        boolean tagged = queries.stream().anyMatch(e -> e.tags().contains("classic"))
                || tcp.stream().anyMatch(e -> e.tags().contains("classic"))
                || tls.stream().anyMatch(e -> e.tags().contains("classic"))
                || requests.stream().anyMatch(e -> e.tags().contains("classic"));
        if (!tagged) {
            return this;
        }
        return new Events(
                queries.stream().filter(e -> e.tags().contains("classic")).toList(),
                tcp.stream().filter(e -> e.tags().contains("classic")).toList(),
                tls.stream().filter(e -> e.tags().contains("classic")).toList(),
                requests.stream().filter(e -> e.tags().contains("classic")).toList());
    }

    static Integer millis(Double t0, Double t) {
        if (t0 == null || t == null || t < t0 || t - t0 > 3600) {
            return null;
        }
        return (int) Math.round((t - t0) * 1000);
    }

    /** A host name in canonical form: lower case, no trailing dot. */
    static String host(String h) {
        if (h == null) {
            return null;
        }
        String s = h.trim().toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    static Iterable<JsonNode> array(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isArray() ? v : List.of();
    }

    private static Double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() && Double.isFinite(v.asDouble()) ? v.asDouble() : null;
    }

    private static Set<String> tags(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : array(n, "tags")) {
            if (t.isTextual()) {
                out.add(t.asText());
            }
        }
        return Set.copyOf(out);
    }

    private static Map<String, String> headers(JsonNode resp) {
        Map<String, String> out = new HashMap<>();
        JsonNode h = resp.get("headers");
        if (h != null && h.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = h.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String v = e.getValue().isTextual()
                        ? e.getValue().asText()
                        : e.getValue().isObject() && "base64".equals(text(e.getValue(), "format"))
                                ? base64(text(e.getValue(), "data"))
                                : null;
                if (v != null) {
                    out.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), v);
                }
            }
        }
        return out;
    }

    /** A base64 body or header (OONI's BinaryData for bytes that are not UTF-8); null when the data is not valid base64. */
    private static String base64(String data) {
        if (data == null) {
            return null;
        }
        try {
            return new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
