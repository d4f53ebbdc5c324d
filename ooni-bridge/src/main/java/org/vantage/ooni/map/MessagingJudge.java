package org.vantage.ooni.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.vantage.schema.Outcome;

/**
 * The instant-messaging tests (facebook_messenger ts-019, whatsapp ts-018, telegram ts-020, signal ts-029).
 * Whether the platform failed comes from the test's own per-endpoint rules (its test_keys), corrected where
 * OONI's fastpath knows them to be wrong; which layer failed, and how, comes from the network events.
 */
final class MessagingJudge {
    /**
     * Facebook's (AS32934) main IPv4 prefixes. ts-019 calls an answer consistent when its ASN is 32934; old
     * probes that could not look the ASN up flagged Facebook's own addresses as inconsistent, and the answers
     * carry no ASN then, so the mapper re-checks them against these prefixes.
     */
    static final List<String> FACEBOOK_PREFIXES = List.of(
            "157.240.0.0/16",
            "31.13.24.0/21",
            "31.13.64.0/18",
            "66.220.144.0/20",
            "69.63.176.0/20",
            "69.171.224.0/19",
            "129.134.0.0/16",
            "163.70.128.0/17",
            "173.252.64.0/18",
            "179.60.192.0/22",
            "185.60.216.0/22",
            "204.15.20.0/22",
            "102.132.96.0/20");

    static final long FACEBOOK_ASN = 32934;

    private final Fingerprints fingerprints;
    private final String cc;

    MessagingJudge(Fingerprints fingerprints, String cc) {
        this.fingerprints = fingerprints;
        this.cc = cc;
    }

    Verdict judge(String test, JsonNode tk, String testVersion, String engineVersion, Instant start, boolean vpn) {
        Events ev = Events.of(tk);
        return switch (test) {
            case "facebook_messenger" ->
                facebook(tk, ev, vpn).target(or(failingHost, "b-api.facebook.com"), failingUrl);
            case "whatsapp" -> whatsapp(tk, ev, vpn).target(or(failingHost, "web.whatsapp.com"), failingUrl);
            case "telegram" -> telegram(tk, ev, vpn).target(or(failingHost, "web.telegram.org"), failingUrl);
            case "signal" ->
                signal(tk, ev, testVersion, engineVersion, start, vpn)
                        .target(or(failingHost, "chat.signal.org"), failingUrl);
            default -> Verdict.skip(SkipReason.UNSUPPORTED_TEST, "test " + test);
        };
    }

    // The failing endpoint, set by the layer search for the record's target: an instance serves one call
    // (OoniMapper creates one per measurement), which keeps the mapper thread-safe.
    private String failingHost;
    private String failingUrl;

    private Verdict facebook(JsonNode tk, Events ev, boolean vpn) {
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        tk.fields().forEachRemaining(e -> keys.put(e.getKey().replace('-', '_'), e.getValue())); // <= 0.3.0 used '-'
        boolean dnsBlocking = keys.getOrDefault(
                        "facebook_dns_blocking", com.fasterxml.jackson.databind.node.MissingNode.getInstance())
                .asBoolean(false);
        boolean tcpBlocking = keys.getOrDefault(
                        "facebook_tcp_blocking", com.fasterxml.jackson.databind.node.MissingNode.getInstance())
                .asBoolean(false);
        boolean allEndpointsFine = keys.entrySet().stream()
                .filter(e ->
                        e.getKey().endsWith("_dns_consistent") || e.getKey().endsWith("_reachable"))
                .filter(e -> e.getValue().isBoolean())
                .allMatch(e -> e.getValue().asBoolean());
        if (dnsBlocking && !allEndpointsFine) {
            Verdict dns = dnsLayer(ev, h -> true, vpn);
            if (dns != null) {
                return dns;
            }
            List<String> foreign = new ArrayList<>();
            for (Events.Dns q : ev.queries()) {
                boolean asnKnown = !q.asns().isEmpty();
                for (String ip : q.ips()) {
                    boolean facebook = asnKnown
                            ? q.asns().contains(FACEBOOK_ASN)
                            : FACEBOOK_PREFIXES.stream().anyMatch(p -> IpAddresses.inCidr(ip, p));
                    if (!facebook) {
                        foreign.add(q.hostname() + "=" + ip);
                    }
                }
            }
            if (!foreign.isEmpty()) {
                failingHost = foreign.get(0).substring(0, foreign.get(0).indexOf('='));
                return Verdict.of(Outcome.DNS_MISMATCH, "answers outside Facebook's AS32934: " + foreign);
            }
            if (!tcpBlocking) {
                return Verdict.of(
                        Outcome.OK, "the probe flagged DNS inconsistent, but every answer is in Facebook's AS32934");
            }
        }
        if (tcpBlocking) {
            Verdict tcp = tcpLayer(ev.tcp());
            return tcp != null
                    ? tcp
                    : Verdict.of(Outcome.UNKNOWN_ERROR, "facebook_tcp_blocking without a failed connect");
        }
        return Verdict.of(
                Outcome.OK,
                dnsBlocking ? "facebook_dns_blocking contradicted by every endpoint's own keys (fastpath rule)" : null);
    }

    private Verdict whatsapp(JsonNode tk, Events ev, boolean vpn) {
        if ("blocked".equals(Events.text(tk, "whatsapp_endpoints_status"))) {
            Verdict tcp = tcpLayer(ev.tcp());
            if (tcp != null) {
                return tcp;
            }
        }
        // OONI's fastpath judges web and registration by request failures only: status codes are not evidence
        // (whatsapp <= 0.9 called WhatsApp's own 400/403 answers "blocked").
        for (String url : List.of("https://v.whatsapp.net/v2/register", "https://web.whatsapp.com/")) {
            Verdict v = failedUrl(ev, url, vpn);
            if (v != null) {
                return v;
            }
        }
        boolean statusSaysBlocked = "blocked".equals(Events.text(tk, "whatsapp_web_status"))
                || "blocked".equals(Events.text(tk, "registration_server_status"));
        return Verdict.of(
                Outcome.OK,
                statusSaysBlocked
                        ? "the probe's status 'blocked' rests on HTTP status codes only, which OONI ignores"
                        : null);
    }

    private Verdict telegram(JsonNode tk, Events ev, boolean vpn) {
        if (ev.requests().stream().anyMatch(r -> r.url() == null)) {
            return Verdict.skip(
                    SkipReason.OONI_FAILED_MEASUREMENT,
                    "a request without a URL (probe bug; OONI's fastpath sets accuracy 0)");
        }
        if (tk.path("telegram_tcp_blocking").asBoolean(false)) {
            Verdict tcp = tcpLayer(ev.tcp());
            if (tcp != null) {
                return tcp;
            }
        }
        if (tk.path("telegram_http_blocking").asBoolean(false)) {
            for (Events.Http r : ev.requests()) {
                if (r.failure() != null && !"web.telegram.org".equals(hostOf(r.url()))) {
                    failingUrl = r.url();
                    return Verdict.of(
                            Failures.anyLayer(r.failure(), r.responseStarted()),
                            "no data centre answered HTTP: " + r.failure());
                }
            }
        }
        Verdict web = failedUrl(ev, "https://web.telegram.org/", vpn);
        if (web != null) {
            return web;
        }
        boolean statusSaysBlocked = "blocked".equals(Events.text(tk, "telegram_web_status"));
        return Verdict.of(
                Outcome.OK,
                statusSaysBlocked
                        ? "telegram_web_status blocked, but another fetch of https://web.telegram.org/ in the same run succeeded"
                        : null);
    }

    private Verdict signal(
            JsonNode tk, Events ev, String testVersion, String engineVersion, Instant start, boolean vpn) {
        // OONI's fastpath voids these (backend fastpath/core.py score_signal; spec ts-029 "Data analysis
        // considerations").
        int[] v = version(testVersion);
        if (v != null) {
            if (compare(v, new int[] {0, 2, 4}) == 0) {
                return Verdict.skip(SkipReason.OONI_FAILED_MEASUREMENT, "signal 0.2.4 is voided by OONI");
            }
            if (compare(v, new int[] {0, 2, 3}) <= 0 && start.isAfter(Instant.parse("2023-11-07T00:00:00Z"))) {
                return Verdict.skip(
                        SkipReason.OONI_FAILED_MEASUREMENT,
                        "signal " + testVersion + " after 2023-11-07 tests a removed endpoint");
            }
            if (compare(v, new int[] {0, 2, 2}) < 0 && start.isAfter(Instant.parse("2022-10-19T00:00:00Z"))) {
                return Verdict.skip(
                        SkipReason.OONI_FAILED_MEASUREMENT,
                        "signal " + testVersion + " after 2022-10-19 lacks Signal's new CA");
            }
        }
        int[] e = version(engineVersion);
        if (e != null && compare(e, new int[] {3, 17, 2}) < 0 && start.isAfter(Instant.parse("2023-05-02T00:00:00Z"))) {
            return Verdict.skip(
                    SkipReason.OONI_FAILED_MEASUREMENT,
                    "engine " + engineVersion + " after 2023-05-02 (Android DNS cache bug)");
        }
        if (!"blocked".equals(Events.text(tk, "signal_backend_status"))) {
            return Verdict.of(Outcome.OK, null);
        }
        // uptime.signal.org resolves to 127.0.0.1 by design; the test ignores its result.
        Predicate<String> backend = h -> h != null && !h.equals("uptime.signal.org");
        Verdict layer = layers(ev, backend, vpn);
        if (layer != null) {
            return layer;
        }
        String f = Failures.of(tk.get("signal_backend_failure"));
        return Verdict.of(
                f == null ? Outcome.UNKNOWN_ERROR : Failures.anyLayer(f, false), "signal_backend_failure " + f);
    }

    /** A URL whose every request failed: the failing layer for its host, or its request's failure string. */
    private Verdict failedUrl(Events ev, String url, boolean vpn) {
        List<Events.Http> rs =
                ev.requests().stream().filter(r -> url.equals(r.url())).toList();
        if (rs.isEmpty() || rs.stream().anyMatch(r -> r.failure() == null)) {
            return null;
        }
        String host = hostOf(url);
        failingUrl = url;
        Verdict layer = layers(ev, h -> host.equals(h), vpn);
        if (layer != null) {
            return layer;
        }
        failingHost = host;
        Events.Http r = rs.get(0);
        return Verdict.of(
                Failures.anyLayer(r.failure(), r.responseStarted()), "request to " + url + ": " + r.failure());
    }

    /** DNS, then TCP, then TLS for the hosts the filter accepts; null when none of them failed. */
    private Verdict layers(Events ev, Predicate<String> hosts, boolean vpn) {
        Verdict dns = dnsLayer(ev, hosts, vpn);
        if (dns != null) {
            return dns;
        }
        List<String> ips = ev.queries().stream()
                .filter(q -> hosts.test(q.hostname()))
                .flatMap(q -> q.ips().stream())
                .toList();
        Verdict tcp =
                tcpLayer(ev.tcp().stream().filter(t -> ips.contains(t.ip())).toList());
        if (tcp != null) {
            return tcp;
        }
        Map<String, List<Events.Tls>> bySni = new LinkedHashMap<>();
        ev.tls().stream()
                .filter(t -> hosts.test(t.serverName()))
                .forEach(t -> bySni.computeIfAbsent(t.serverName(), k -> new ArrayList<>())
                        .add(t));
        for (Map.Entry<String, List<Events.Tls>> e : bySni.entrySet()) {
            if (e.getValue().stream().allMatch(t -> t.failure() != null)) {
                failingHost = e.getKey();
                String f = e.getValue().get(0).failure();
                return Verdict.of(Failures.tls(f), "TLS handshake with " + e.getKey() + ": " + f);
            }
        }
        return null;
    }

    private Verdict dnsLayer(Events ev, Predicate<String> hosts, boolean vpn) {
        Map<String, List<Events.Dns>> byHost = new LinkedHashMap<>();
        ev.queries().stream()
                .filter(q -> hosts.test(q.hostname()))
                .forEach(q -> byHost.computeIfAbsent(q.hostname(), k -> new ArrayList<>())
                        .add(q));
        for (Map.Entry<String, List<Events.Dns>> e : byHost.entrySet()) {
            List<String> ips =
                    e.getValue().stream().flatMap(q -> q.ips().stream()).toList();
            List<String> bogons = ips.stream().filter(IpAddresses::isBogon).toList();
            if (!bogons.isEmpty() && vpn) {
                failingHost = e.getKey();
                return Verdict.skip(
                        SkipReason.VPN_LOCAL_ANSWER,
                        "private answer " + bogons + " for " + e.getKey()
                                + " on network type vpn: the phone's VPN answered, not the network");
            }
            for (String ip : ips) {
                java.util.Optional<Fingerprints.Fingerprint> fp = fingerprints.matchDns(ip, cc);
                if (fp.isPresent()) {
                    failingHost = e.getKey();
                    return Verdict.of(
                            IpAddresses.isBogon(ip) ? Outcome.DNS_BOGON : Outcome.DNS_MISMATCH,
                            fp.get().name() + " (" + fp.get().scope() + "): DNS answer " + ip + " for " + e.getKey());
                }
            }
            if (!bogons.isEmpty()) {
                failingHost = e.getKey();
                return Verdict.of(Outcome.DNS_BOGON, "private/bogon answer " + bogons + " for " + e.getKey());
            }
            if (ips.isEmpty()) {
                String f = e.getValue().stream()
                        .map(Events.Dns::failure)
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse(null);
                if (f != null) {
                    failingHost = e.getKey();
                    return Verdict.of(Failures.dns(f), "lookup of " + e.getKey() + ": " + f);
                }
            }
        }
        return null;
    }

    /** All connects failed (IPv6 unreachable aside: a v4-only network): the first failure's mode. */
    private Verdict tcpLayer(List<Events.Tcp> tcp) {
        List<Events.Tcp> relevant = tcp.stream()
                .filter(t -> !(IpAddresses.isV6(t.ip()) && t.failure() != null && Failures.isUnreachable(t.failure())))
                .toList();
        if (relevant.isEmpty() || relevant.stream().anyMatch(Events.Tcp::success)) {
            return null;
        }
        Events.Tcp first = relevant.get(0);
        return Verdict.of(
                Failures.tcp(first.failure()),
                "all " + relevant.size() + " TCP connects failed, first " + first.ip() + ":" + first.port() + " "
                        + first.failure());
    }

    private static String hostOf(String url) {
        try {
            return url == null ? null : Events.host(new URI(url).getHost());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    static int[] version(String v) {
        if (v == null) {
            return null;
        }
        List<Integer> nums = new ArrayList<>();
        for (String p : v.toLowerCase(Locale.ROOT).split("[.-]")) {
            if (nums.size() == 3) {
                break;
            }
            try {
                nums.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                break;
            }
        }
        if (nums.isEmpty()) {
            return null;
        }
        while (nums.size() < 3) {
            nums.add(0);
        }
        return new int[] {nums.get(0), nums.get(1), nums.get(2)};
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
