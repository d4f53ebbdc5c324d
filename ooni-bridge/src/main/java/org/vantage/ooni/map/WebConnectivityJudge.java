package org.vantage.ooni.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.vantage.schema.Outcome;

/**
 * Web Connectivity: the first failing layer from the probe's own events, DNS, then TCP, then TLS, then HTTP,
 * each compared with OONI's control (the test helper's view of the same site, {@code test_keys.control}).
 *
 * <p>Where OONI's own verdict keys are used, and only there: {@code blocking}/{@code accessible} both null
 * means OONI's fastpath marks the measurement failed (skipped); {@code dns_consistency = consistent} breaks
 * the tie when the answers share neither an address nor an ASN with the control and no TLS handshake proves
 * them (CDNs answer differently per location), and so does {@code accessible = true} with {@code blocking =
 * false} (OONI found the control's page behind those answers); {@code blocking = http-diff} names an unconfirmed block page
 * when a response arrived, no fingerprint matched and the status is not an error.
 */
final class WebConnectivityJudge {
    private final Fingerprints fingerprints;

    WebConnectivityJudge(Fingerprints fingerprints) {
        this.fingerprints = fingerprints;
    }

    Verdict judge(JsonNode tk, String input, String cc, boolean vpn) {
        URI uri = parse(input);
        if (uri == null || uri.getHost() == null) {
            return Verdict.skip(SkipReason.INVALID_FIELD, "input '" + input + "' is not a URL with a host");
        }
        String host = Events.host(uri.getHost());
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        Events all = Events.of(tk);
        Events ev = all.classicOnly();
        Timing timing = new Timing(ev, host);
        Verdict v = decide(tk, ev, all, host, scheme, port, cc, vpn);
        Events.Http last = ev.requests().isEmpty() ? null : ev.requests().get(0);
        return v.target(host, input)
                .facts(
                        answersFor(ev, host),
                        last != null && last.responseStarted() ? last.code() : null,
                        last != null && last.body() != null ? (long) last.body().length() : null)
                .timings(timing.dns, timing.connect, timing.tls, timing.http);
    }

    private Verdict decide(
            JsonNode tk, Events ev, Events all, String host, String scheme, int port, String cc, boolean vpn) {
        // A probe bug poisons the whole measurement (fastpath: accuracy 0).
        for (String f : failureKeys(tk, all)) {
            if (Failures.isProbeBug(f)) {
                return Verdict.skip(
                        SkipReason.OONI_FAILED_MEASUREMENT, "probe bug '" + f + "' (OONI's fastpath sets accuracy 0)");
            }
        }
        List<String> answers = answersFor(ev, host);
        List<String> bogons = answers.stream().filter(IpAddresses::isBogon).toList();
        if (!bogons.isEmpty() && vpn) {
            return Verdict.skip(
                    SkipReason.VPN_LOCAL_ANSWER,
                    "private answer " + bogons + " for " + host
                            + " on network type vpn: the phone's VPN answered, not the network");
        }
        // Fingerprints are conclusive on their own, even where the control failed.
        for (Events.Http r : all.requests()) {
            Optional<Fingerprints.Fingerprint> fp = fingerprints.matchHttp(r.body(), r.headers(), cc);
            if (fp.isPresent()) {
                return Verdict.of(
                        Outcome.HTTP_BLOCK_PAGE,
                        fp.get().name() + " (" + fp.get().scope() + ") in the response of " + r.url());
            }
        }
        for (String a : answers) {
            Optional<Fingerprints.Fingerprint> fp = fingerprints.matchDns(a, cc);
            if (fp.isPresent()) {
                return Verdict.of(
                        IpAddresses.isBogon(a) ? Outcome.DNS_BOGON : Outcome.DNS_MISMATCH,
                        fp.get().name() + " (" + fp.get().scope() + "): DNS answer " + a + " for " + host);
            }
        }
        JsonNode control = tk.get("control");
        String controlFailure = Failures.of(tk.get("control_failure"));
        if (controlFailure != null || control == null || !control.isObject()) {
            return Verdict.skip(
                    SkipReason.OONI_FAILED_MEASUREMENT,
                    "the control (test helper) failed"
                            + (controlFailure == null ? ": no control data" : " with " + controlFailure)
                            + "; the layers cannot be judged");
        }
        if (isNull(tk.get("blocking")) && isNull(tk.get("accessible"))) {
            return Verdict.skip(
                    SkipReason.OONI_FAILED_MEASUREMENT,
                    "OONI left blocking and accessible null (its fastpath marks such measurements failed)");
        }
        Control c = new Control(control);

        // DNS
        List<Events.Dns> hostQueries =
                ev.queries().stream().filter(q -> host.equals(q.hostname())).toList();
        List<Events.Dns> failed = hostQueries.stream()
                .filter(q -> q.failure() != null)
                .filter(q -> !("AAAA".equals(q.queryType()) && "dns_no_answer".equals(q.failure())))
                .toList();
        if (answers.isEmpty() && !failed.isEmpty()) {
            String f = failed.get(0).failure();
            if (c.addrs.isEmpty() || !c.fetchOk) {
                return down("the probe's lookup failed (" + f + ") and the control could not resolve or fetch " + host
                        + " either");
            }
            return Verdict.of(Failures.dns(f), "lookup of " + host + ": " + f + "; the control resolved " + c.addrs);
        }
        if (!bogons.isEmpty()) {
            if (c.addrs.stream().anyMatch(IpAddresses::isBogon)) {
                return down("the control resolves " + host + " to a private address too");
            }
            return Verdict.of(
                    Outcome.DNS_BOGON,
                    "private/bogon answer " + bogons + " for " + host + "; the control resolved " + c.addrs);
        }
        if (!answers.isEmpty() && !consistent(tk, ev, all, answers, c)) {
            if (!c.fetchOk) {
                return down("answers " + answers + " differ from the control's " + c.addrs
                        + ", but the control could not fetch the page either");
            }
            return Verdict.of(
                    Outcome.DNS_MISMATCH,
                    "answers " + answers + " for " + host + " share no address or ASN with the control's " + c.addrs
                            + " and no valid TLS handshake proves them");
        }

        // A final response means the path used worked: failed connects and handshakes were other endpoints
        // (an unreachable IPv6 address, port 443 of a plain-HTTP site) and are no evidence. A redirect is not
        // final: the failure may lie in the hop after it.
        Events.Http finalRequest =
                ev.requests().isEmpty() ? null : ev.requests().get(0);
        if (finalRequest != null
                && finalRequest.failure() == null
                && finalRequest.responseStarted()
                && (finalRequest.code() < 300 || finalRequest.code() >= 400)) {
            return judgeResponse(tk, finalRequest, c);
        }

        // TCP: connects to the host's addresses on the URL's port; IPv6 unreachable only means a v4-only network.
        List<Events.Tcp> tcp = ev.tcp().stream()
                .filter(t -> answers.isEmpty() || answers.contains(t.ip()))
                .filter(t -> !(IpAddresses.isV6(t.ip()) && t.failure() != null && Failures.isUnreachable(t.failure())))
                .toList();
        List<Events.Tcp> onPort = tcp.stream().filter(t -> t.port() == port).toList();
        if (!onPort.isEmpty()) {
            tcp = onPort;
        }
        if (!tcp.isEmpty() && tcp.stream().noneMatch(Events.Tcp::success)) {
            Events.Tcp first = tcp.get(0);
            boolean controlConnected = tcp.stream().anyMatch(t -> c.tcpOk(t.ip(), t.port()));
            if (!controlConnected && (c.tcpKnown(tcp) || !c.fetchOk)) {
                return down("TCP to " + first.ip() + ":" + first.port() + " failed (" + first.failure()
                        + ") and the control could not connect either");
            }
            return Verdict.of(
                    Failures.tcp(first.failure()),
                    "TCP connect to " + first.ip() + ":" + first.port() + ": " + first.failure() + " (" + tcp.size()
                            + " of " + tcp.size() + " failed)");
        }

        // TLS: per server name, in the order the probe met them (a redirect's host after the input's).
        Set<String> names = new LinkedHashSet<>();
        ev.tls().forEach(t -> names.add(t.serverName()));
        for (String sni : names) {
            List<Events.Tls> hs = ev.tls().stream()
                    .filter(t -> java.util.Objects.equals(sni, t.serverName()))
                    .toList();
            if (hs.stream().allMatch(t -> t.failure() != null)) {
                Events.Tls first = hs.get(0);
                boolean controlFailedToo = hs.stream().allMatch(t -> c.tlsFailed(t.ip(), t.port()));
                if (controlFailedToo || (host.equals(sni) && !c.fetchOk)) {
                    return down("TLS with " + sni + " failed (" + first.failure() + ") for the control too");
                }
                return Verdict.of(
                        Failures.tls(first.failure()),
                        "TLS handshake with " + sni + " at " + first.ip() + ": " + first.failure());
            }
        }

        // HTTP: requests are newest first, so the first one is the final response (ts-017).
        if (ev.requests().isEmpty()) {
            String f = Failures.of(tk.get("http_experiment_failure"));
            if (f == null) {
                if (!tcp.isEmpty() || !ev.tls().isEmpty()) {
                    return Verdict.of(Outcome.OK, "connected; no HTTP request recorded");
                }
                return Verdict.skip(SkipReason.MISSING_FIELD, "no HTTP request and no failure recorded");
            }
            return c.fetchOk
                    ? Verdict.of(Failures.anyLayer(f, false), "http_experiment_failure " + f)
                    : down("the request failed (" + f + ") and so did the control's");
        }
        Events.Http last = ev.requests().get(0);
        if (last.failure() != null) {
            if (!c.fetchOk) {
                return down("the request to " + last.url() + " failed (" + last.failure()
                        + ") and so did the control's (" + c.httpFailure + ")");
            }
            return Verdict.of(
                    Failures.anyLayer(last.failure(), last.responseStarted()),
                    "request to " + last.url() + ": " + last.failure()
                            + (last.responseStarted() ? " after status " + last.code() : ""));
        }
        return judgeResponse(tk, last, c);
    }

    private static Verdict judgeResponse(JsonNode tk, Events.Http last, Control c) {
        if (last.responseStarted() && last.code() >= 400) {
            if (c.status >= 100 && c.status < 400) {
                return Verdict.of(
                        Outcome.HTTP_ERROR_STATUS,
                        "status " + last.code() + " from " + last.url() + "; the control got " + c.status);
            }
            return down("status " + last.code() + " from " + last.url() + " and " + c.status + " for the control");
        }
        if ("http-diff".equals(Events.text(tk, "blocking"))) {
            return Verdict.of(
                    Outcome.HTTP_BLOCK_PAGE,
                    "OONI http-diff, no known fingerprint (unconfirmed): body "
                            + (last.body() == null ? "?" : last.body().length()) + " chars, control " + c.bodyLength);
        }
        return Verdict.of(Outcome.OK, null);
    }

    /**
     * The answers agree with the control when they share an address, or an ASN (answers carry theirs since
     * 0.4, the control's ip_info since 0.5), or a TLS handshake with certificate validation succeeded with one
     * of them; failing all three, OONI's own dns_consistency breaks the tie.
     */
    private static boolean consistent(JsonNode tk, Events ev, Events all, List<String> answers, Control c) {
        if (answers.stream().anyMatch(c.addrs::contains)) {
            return true;
        }
        Set<Long> answerAsns = new java.util.HashSet<>();
        ev.queries().forEach(q -> answerAsns.addAll(q.asns()));
        answers.forEach(a -> {
            Long asn = c.asnOf(a);
            if (asn != null) {
                answerAsns.add(asn);
            }
        });
        if (c.addrs.stream().map(c::asnOf).anyMatch(asn -> asn != null && answerAsns.contains(asn))) {
            return true;
        }
        if (all.tls().stream().anyMatch(t -> answers.contains(t.ip()) && t.failure() == null && !t.noTlsVerify())) {
            return true;
        }
        boolean legitimatePage = tk.path("accessible").asBoolean(false)
                && tk.path("blocking").isBoolean()
                && !tk.path("blocking").asBoolean();
        return legitimatePage || "consistent".equals(Events.text(tk, "dns_consistency"));
    }

    private static Verdict down(String detail) {
        return Verdict.skip(SkipReason.TARGET_DOWN, detail);
    }

    private static List<String> answersFor(Events ev, String host) {
        Set<String> out = new LinkedHashSet<>();
        ev.queries().stream().filter(q -> host.equals(q.hostname())).forEach(q -> out.addAll(q.ips()));
        return new ArrayList<>(out);
    }

    private static List<String> failureKeys(JsonNode tk, Events all) {
        List<String> out = new ArrayList<>();
        for (String k : List.of("http_experiment_failure", "dns_experiment_failure", "control_failure")) {
            String f = Failures.of(tk.get(k));
            if (f != null) {
                out.add(f);
            }
        }
        all.requests().forEach(r -> {
            if (r.failure() != null) {
                out.add(r.failure());
            }
        });
        return out;
    }

    private static boolean isNull(JsonNode n) {
        return n == null || n.isNull();
    }

    private static URI parse(String input) {
        if (input == null) {
            return null;
        }
        try {
            return new URI(input.trim());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** OONI's control: what the test helper saw from outside the probe's network. */
    private static final class Control {
        final JsonNode node;
        final List<String> addrs = new ArrayList<>();
        final boolean fetchOk;
        final String httpFailure;
        final int status;
        final long bodyLength;

        Control(JsonNode control) {
            this.node = control;
            for (JsonNode a : Events.array(control.path("dns"), "addrs")) {
                if (IpAddresses.isLiteral(a.asText(null))) {
                    addrs.add(a.asText());
                }
            }
            JsonNode http = control.path("http_request");
            httpFailure = Failures.of(http.get("failure"));
            status = http.path("status_code").asInt(0);
            bodyLength = http.path("body_length").asLong(-1);
            fetchOk = httpFailure == null && status > 0;
        }

        Long asnOf(String ip) {
            JsonNode info = node.path("ip_info").path(ip);
            return info.path("asn").canConvertToLong() && info.path("asn").asLong() > 0
                    ? info.path("asn").asLong()
                    : null;
        }

        private JsonNode endpoint(String section, String ip, int port) {
            if (ip == null) {
                return null;
            }
            String key = IpAddresses.isV6(ip) ? "[" + ip + "]:" + port : ip + ":" + port;
            JsonNode n = node.path(section).get(key);
            return n != null && n.isObject() ? n : null;
        }

        boolean tcpOk(String ip, int port) {
            JsonNode e = endpoint("tcp_connect", ip, port);
            return e != null && e.path("status").asBoolean(false);
        }

        boolean tcpKnown(List<Events.Tcp> tcp) {
            return tcp.stream().anyMatch(t -> endpoint("tcp_connect", t.ip(), t.port()) != null);
        }

        boolean tlsFailed(String ip, int port) {
            JsonNode e = endpoint("tls_handshake", ip, port);
            return e != null && !e.path("status").asBoolean(true);
        }
    }

    /** Phase durations of the path the verdict used: the first event of each layer, successful if one was. */
    private static final class Timing {
        Integer dns;
        Integer connect;
        Integer tls;
        Integer http;

        Timing(Events ev, String host) {
            dns = ev.queries().stream()
                    .filter(q -> host.equals(q.hostname()) && q.failure() == null)
                    .map(q -> Events.millis(q.t0(), q.t()))
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            connect = ev.tcp().stream()
                    .filter(Events.Tcp::success)
                    .map(t -> Events.millis(t.t0(), t.t()))
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            tls = ev.tls().stream()
                    .filter(t -> t.failure() == null)
                    .map(t -> Events.millis(t.t0(), t.t()))
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            http = ev.requests().isEmpty()
                    ? null
                    : Events.millis(
                            ev.requests().get(0).t0(), ev.requests().get(0).t());
        }
    }
}
