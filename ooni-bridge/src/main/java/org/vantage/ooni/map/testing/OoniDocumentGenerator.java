package org.vantage.ooni.map.testing;

import static org.vantage.ooni.map.testing.Mutations.arr;
import static org.vantage.ooni.map.testing.Mutations.classic;
import static org.vantage.ooni.map.testing.Mutations.failQuery;
import static org.vantage.ooni.map.testing.Mutations.failRequest;
import static org.vantage.ooni.map.testing.Mutations.failTcp;
import static org.vantage.ooni.map.testing.Mutations.failTls;
import static org.vantage.ooni.map.testing.Mutations.host;
import static org.vantage.ooni.map.testing.Mutations.removeIf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.vantage.schema.NetworkType;

/**
 * Synthetic OONI-format raw measurements at OONI's density, for end-to-end tests and the demo.
 *
 * <p>Each document starts from a real OONI measurement (the example outputs of OONI's test specifications,
 * shipped in {@code /ooni/templates} with their licence notice) and gets a new measurement_uid, report_id,
 * start time, country, ASN, network type and input. A disruption rewrites the network events the way OONI's
 * probes record the technique: an NXDOMAIN for the lookup, a connect that times out, a TLS handshake reset
 * by the peer. Healthy documents carry OONI-like noise at {@code noiseRate}: a control (test helper) that
 * failed, a site that is down for the control too, a captcha answered with 403, a phone VPN answering
 * 127.0.0.1, a transient TLS timeout. Every document says what the mapper should make of it ({@code intended},
 * in the form {@code platform:OUTCOME} or {@code SKIP:REASON}) and why.
 *
 * <p>Generated documents are not OONI data. Deterministic for a given plan (seeded).
 */
public final class OoniDocumentGenerator {
    /** What a disruption does to the platforms' traffic. */
    public enum Technique {
        DNS_NXDOMAIN,
        TCP_TIMEOUT,
        TLS_RESET
    }

    public record Network(String country, long asn, NetworkType networkType) {}

    public record Disruption(Set<String> platforms, Technique technique, Instant start, Instant end) {
        public boolean covers(String platform, Instant t) {
            return platforms.contains(platform) && !t.isBefore(start) && t.isBefore(end);
        }
    }

    /**
     * @param perHour   documents per network, platform and hour (OONI: a few)
     * @param noiseRate share of documents with a benign failure, 0 to 1
     */
    public record Plan(
            long seed,
            Instant start,
            Instant end,
            List<Network> networks,
            List<String> platforms,
            double perHour,
            double noiseRate,
            Disruption disruption) {
        public static Plan healthy(long seed, Instant start, Instant end, List<Network> networks) {
            return new Plan(seed, start, end, networks, DEFAULT_PLATFORMS, DEFAULT_PER_HOUR, DEFAULT_NOISE_RATE, null);
        }

        public Plan withDisruption(Disruption d) {
            return new Plan(seed, start, end, networks, platforms, perHour, noiseRate, d);
        }

        public Plan withRate(double documentsPerHour) {
            return new Plan(seed, start, end, networks, platforms, documentsPerHour, noiseRate, disruption);
        }

        public Plan withNoiseRate(double rate) {
            return new Plan(seed, start, end, networks, platforms, perHour, rate, disruption);
        }

        public Plan withPlatforms(List<String> list) {
            return new Plan(seed, start, end, networks, list, perHour, noiseRate, disruption);
        }
    }

    /** One generated measurement, as OONI would publish it. */
    public record Document(
            String measurementUid,
            String reportId,
            Instant measurementStart,
            Instant received,
            Network network,
            String platform,
            String testName,
            String input,
            ObjectNode raw,
            String intended,
            String why) {
        /** The row /api/v1/measurements would list for it (the body itself comes from /api/v1/raw_measurement). */
        public ObjectNode listRow(String apiBase) {
            ObjectNode row = Mutations.F.objectNode();
            boolean failed = intended.startsWith("SKIP:OONI_FAILED");
            boolean anomaly = !failed && !intended.endsWith(":OK") && !intended.startsWith("SKIP:");
            row.put("anomaly", anomaly).put("confirmed", false).put("failure", failed);
            if (input == null) {
                row.putNull("input");
            } else {
                row.put("input", input);
            }
            row.put("probe_asn", "AS" + network.asn())
                    .put("probe_cc", network.country())
                    .put("report_id", reportId);
            ObjectNode scores = row.putObject("scores");
            scores.put("blocking_general", anomaly ? 1.0 : 0.0)
                    .put("blocking_global", 0.0)
                    .put("blocking_country", 0.0)
                    .put("blocking_isp", 0.0)
                    .put("blocking_local", 0.0);
            row.put("test_name", testName);
            row.put("measurement_url", apiBase + "/api/v1/raw_measurement?measurement_uid=" + measurementUid);
            row.put("measurement_start_time", LIST_TIME.format(measurementStart));
            row.put("measurement_uid", measurementUid);
            row.put("verification_status", "unverified");
            return row;
        }
    }

    public static final List<String> DEFAULT_PLATFORMS =
            List.of("twitter", "facebook", "instagram", "youtube", "whatsapp", "tiktok", "telegram", "control");
    public static final double DEFAULT_PER_HOUR = 3.0;
    public static final double DEFAULT_NOISE_RATE = 0.04;
    static final List<String> SUPPORTED_PLATFORMS = List.of(
            "twitter", "facebook", "instagram", "youtube", "whatsapp", "tiktok", "telegram", "signal", "control");
    private static final Map<String, List<String>> WEB_INPUTS = Map.of(
            "twitter", List.of("https://twitter.com/", "https://x.com/"),
            "facebook", List.of("https://www.facebook.com/"),
            "instagram", List.of("https://www.instagram.com/"),
            "youtube", List.of("https://www.youtube.com/"),
            "tiktok", List.of("https://www.tiktok.com/"),
            "control", List.of("https://www.example.com/", "https://www.wikipedia.org/", "https://www.pta.gov.pk/"));
    private static final String TEMPLATE_HOST = "www.example.com";
    private static final DateTimeFormatter OONI_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter REPORT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LIST_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss'.000000Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String CAPTCHA =
            "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head>"
                    + "<body><h1>Checking if the site connection is secure</h1><p>Enable JavaScript and cookies to continue</p></body></html>";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> templates = new HashMap<>();
    private final Map<String, ObjectNode> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    public OoniDocumentGenerator() {
        for (String test : List.of("web_connectivity", "whatsapp", "facebook_messenger", "telegram", "signal")) {
            String resource = "/ooni/templates/" + test + ".json";
            try (InputStream in = OoniDocumentGenerator.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("template " + resource + " is missing from the classpath");
                }
                templates.put(test, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read template " + resource, e);
            }
        }
    }

    /** Every document of the plan, in measurement start order. */
    public List<Document> generate(Plan plan) {
        validate(plan);
        SplittableRandom rnd = new SplittableRandom(plan.seed());
        List<Document> out = new ArrayList<>();
        double meanGapSeconds = 3600.0 / plan.perHour();
        for (Network net : plan.networks()) {
            for (String platform : plan.platforms()) {
                Instant t = plan.start().plusSeconds((long) (rnd.nextDouble() * meanGapSeconds));
                while (t.isBefore(plan.end())) {
                    out.add(document(rnd, plan, net, platform, t));
                    // Poisson arrivals: exponential gaps with the plan's mean.
                    t = t.plusMillis(Math.max(1000L, (long) (-Math.log(1 - rnd.nextDouble()) * meanGapSeconds * 1000)));
                }
            }
        }
        out.sort(Comparator.comparing(Document::measurementStart).thenComparing(Document::measurementUid));
        return out;
    }

    private Document document(SplittableRandom rnd, Plan plan, Network net, String platform, Instant start) {
        String test = switch (platform) {
            case "whatsapp", "telegram", "signal" -> platform;
            case "facebook" -> rnd.nextBoolean() ? "facebook_messenger" : "web_connectivity";
            default -> "web_connectivity";
        };
        String input = null;
        String host = null;
        if (test.equals("web_connectivity")) {
            List<String> inputs = WEB_INPUTS.get(platform);
            input = inputs.get(rnd.nextInt(inputs.size()));
            host = java.net.URI.create(input).getHost();
        }
        ObjectNode raw = template(test, host).deepCopy();
        Instant received = start.plusSeconds(2 + rnd.nextInt(120));
        String testId = test.replace("_", "");
        String uid = UID_TIME.format(received) + "_" + net.country() + "_" + testId + "_" + hex(rnd, 16);
        String reportId = REPORT_TIME.format(start.minusSeconds(1)) + "_" + testId + "_" + net.country() + "_"
                + net.asn() + "_n1_" + alnum(rnd, 16);
        raw.put("probe_cc", net.country())
                .put("probe_asn", "AS" + net.asn())
                .put("probe_ip", "127.0.0.1")
                .put("probe_network_name", "AS" + net.asn())
                .put("report_id", reportId)
                .put("measurement_start_time", OONI_TIME.format(start))
                .put("test_start_time", OONI_TIME.format(start.minusSeconds(1)));
        raw.remove("id");
        if (input != null) {
            raw.put("input", input);
        }
        ObjectNode ann = raw.has("annotations") && raw.get("annotations").isObject()
                ? (ObjectNode) raw.get("annotations")
                : raw.putObject("annotations");
        switch (net.networkType()) {
            case MOBILE -> ann.put("network_type", "mobile");
            case FIXED -> ann.put("network_type", "wifi");
            default -> ann.remove("network_type");
        }
        ObjectNode tk = (ObjectNode) raw.get("test_keys");

        String[] intended;
        if (rnd.nextDouble() < plan.noiseRate()) {
            intended = noise(rnd, test, platform, raw, tk);
        } else if (plan.disruption() != null && plan.disruption().covers(platform, start)) {
            intended = disrupt(plan.disruption().technique(), test, platform, tk);
        } else {
            intended = new String[] {platform + ":OK", "healthy"};
        }
        return new Document(uid, reportId, start, received, net, platform, test, input, raw, intended[0], intended[1]);
    }

    /** The template for a test, with the web_connectivity template's host replaced everywhere it occurs. */
    private ObjectNode template(String test, String host) {
        return parsed.computeIfAbsent(test + "|" + host, k -> {
            String text = templates.get(test);
            try {
                return (ObjectNode) json.readTree(host == null ? text : text.replace(TEMPLATE_HOST, host));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String[] disrupt(Technique technique, String test, String platform, ObjectNode tk) {
        String why = technique + " disruption";
        switch (test) {
            case "web_connectivity" -> {
                removeIf(tk, "network_events", Mutations::classic); // the recorded I/O of the path that now fails
                switch (technique) {
                    case DNS_NXDOMAIN -> {
                        arr(tk, "queries").forEach(q -> {
                            if (classic(q)) {
                                failQuery(q, "dns_nxdomain_error");
                            }
                        });
                        removeIf(tk, "tcp_connect", Mutations::classic);
                        removeIf(tk, "tls_handshakes", Mutations::classic);
                        removeIf(tk, "requests", Mutations::classic);
                        tk.put("dns_experiment_failure", "dns_nxdomain_error")
                                .put("http_experiment_failure", "dns_nxdomain_error")
                                .put("dns_consistency", "inconsistent")
                                .put("blocking", "dns")
                                .put("accessible", false);
                        return new String[] {platform + ":DNS_NXDOMAIN", why};
                    }
                    case TCP_TIMEOUT -> {
                        arr(tk, "tcp_connect").forEach(c -> {
                            if (classic(c) && !host(c, "ip").contains(":")) {
                                failTcp(c, "generic_timeout_error");
                            }
                        });
                        removeIf(tk, "tls_handshakes", Mutations::classic);
                        removeIf(tk, "requests", Mutations::classic);
                        tk.put("http_experiment_failure", "generic_timeout_error")
                                .put("blocking", "tcp_ip")
                                .put("accessible", false);
                        return new String[] {platform + ":TCP_TIMEOUT", why};
                    }
                    case TLS_RESET -> {
                        arr(tk, "tls_handshakes").forEach(h -> {
                            if (classic(h)) {
                                failTls(h, "connection_reset");
                            }
                        });
                        removeIf(tk, "requests", Mutations::classic);
                        tk.put("http_experiment_failure", "connection_reset")
                                .put("blocking", "http-failure")
                                .put("accessible", false);
                        return new String[] {platform + ":TLS_RESET", why};
                    }
                    default -> throw new IllegalStateException(technique.name());
                }
            }
            case "whatsapp" -> {
                return whatsapp(technique, tk, why);
            }
            case "telegram" -> {
                return telegram(technique, tk, why);
            }
            case "signal" -> {
                return signal(technique, tk, why);
            }
            case "facebook_messenger" -> {
                return facebook(technique, tk, why);
            }
            default -> throw new IllegalStateException(test);
        }
    }

    private static String[] whatsapp(Technique technique, ObjectNode tk, String why) {
        String failure = failureOf(technique);
        switch (technique) {
            case DNS_NXDOMAIN -> {
                arr(tk, "queries").forEach(q -> failQuery(q, failure));
                tk.set("tcp_connect", Mutations.F.arrayNode());
                tk.set("tls_handshakes", Mutations.F.arrayNode());
                blockEndpoints(tk);
            }
            case TCP_TIMEOUT -> {
                arr(tk, "tcp_connect").forEach(c -> failTcp(c, failure));
                tk.set("tls_handshakes", Mutations.F.arrayNode());
                blockEndpoints(tk);
            }
            case TLS_RESET -> arr(tk, "tls_handshakes").forEach(h -> failTls(h, failure));
            default -> throw new IllegalStateException(technique.name());
        }
        arr(tk, "requests").forEach(r -> failRequest(r, failure));
        tk.put("registration_server_status", "blocked")
                .put("registration_server_failure", failure)
                .put("whatsapp_web_status", "blocked")
                .put("whatsapp_web_failure", failure);
        tk.set("network_events", Mutations.F.arrayNode());
        return new String[] {"whatsapp:" + technique.name(), why};
    }

    private static void blockEndpoints(ObjectNode tk) {
        List<String> endpoints = new ArrayList<>();
        arr(tk, "queries").forEach(q -> {
            String h = host(q, "hostname");
            if (h.matches("e\\d+\\.whatsapp\\.net") && !endpoints.contains(h)) {
                endpoints.add(h);
            }
        });
        tk.put("whatsapp_endpoints_status", "blocked");
        tk.set("whatsapp_endpoints_blocked", Mutations.strings(endpoints));
    }

    private static String[] telegram(Technique technique, ObjectNode tk, String why) {
        String failure = failureOf(technique);
        String web = "https://web.telegram.org/";
        switch (technique) {
            case DNS_NXDOMAIN -> {
                List<String> webIps = new ArrayList<>();
                arr(tk, "queries").forEach(q -> {
                    arr(q, "answers")
                            .forEach(a -> webIps.add(
                                    a.path("ipv4").asText(a.path("ipv6").asText(""))));
                    failQuery(q, failure);
                });
                removeIf(tk, "tcp_connect", c -> webIps.contains(host(c, "ip")));
                tk.set("tls_handshakes", Mutations.F.arrayNode());
                arr(tk, "requests").forEach(r -> {
                    if (web.equals(r.path("request").path("url").asText())) {
                        failRequest(r, failure);
                    }
                });
            }
            case TCP_TIMEOUT -> {
                arr(tk, "tcp_connect").forEach(c -> failTcp(c, failure));
                tk.set("tls_handshakes", Mutations.F.arrayNode());
                arr(tk, "requests").forEach(r -> failRequest(r, failure));
                tk.put("telegram_tcp_blocking", true).put("telegram_http_blocking", true);
            }
            case TLS_RESET -> {
                arr(tk, "tls_handshakes").forEach(h -> failTls(h, failure));
                arr(tk, "requests").forEach(r -> {
                    if (web.equals(r.path("request").path("url").asText())) {
                        failRequest(r, failure);
                    }
                });
            }
            default -> throw new IllegalStateException(technique.name());
        }
        tk.put("telegram_web_status", "blocked").put("telegram_web_failure", failure);
        tk.set("network_events", Mutations.F.arrayNode());
        return new String[] {"telegram:" + technique.name(), why};
    }

    private static String[] signal(Technique technique, ObjectNode tk, String why) {
        String failure = failureOf(technique);
        switch (technique) {
            case DNS_NXDOMAIN -> {
                arr(tk, "queries").forEach(q -> {
                    if (!host(q, "hostname").equals("uptime.signal.org")) {
                        failQuery(q, failure);
                    }
                });
                tk.set("tcp_connect", Mutations.F.arrayNode());
                tk.set("tls_handshakes", Mutations.F.arrayNode());
            }
            case TCP_TIMEOUT -> {
                arr(tk, "tcp_connect").forEach(c -> failTcp(c, failure));
                tk.set("tls_handshakes", Mutations.F.arrayNode());
            }
            case TLS_RESET -> arr(tk, "tls_handshakes").forEach(h -> failTls(h, failure));
            default -> throw new IllegalStateException(technique.name());
        }
        arr(tk, "requests").forEach(r -> failRequest(r, failure));
        tk.put("signal_backend_status", "blocked")
                .put("signal_backend_failure", failure)
                .put("failed_operation", "connect");
        tk.set("network_events", Mutations.F.arrayNode());
        return new String[] {"signal:" + technique.name(), why};
    }

    private static String[] facebook(Technique technique, ObjectNode tk, String why) {
        String failure = failureOf(technique);
        switch (technique) {
            case DNS_NXDOMAIN -> {
                arr(tk, "queries").forEach(q -> failQuery(q, failure));
                tk.set("tcp_connect", Mutations.F.arrayNode());
                setEndpointKeys(tk, "_dns_consistent", false);
                setEndpointKeys(tk, "_reachable", null);
                tk.put("facebook_dns_blocking", true);
            }
            case TCP_TIMEOUT -> {
                arr(tk, "tcp_connect").forEach(c -> failTcp(c, failure));
                setEndpointKeys(tk, "_reachable", false);
                tk.put("facebook_tcp_blocking", true);
            }
            case TLS_RESET -> {
                return new String[] {
                    "facebook:OK",
                    why + ": facebook_messenger only resolves and connects TCP, so an SNI filter is invisible to it"
                };
            }
            default -> throw new IllegalStateException(technique.name());
        }
        return new String[] {"facebook:" + technique.name(), why};
    }

    private static void setEndpointKeys(ObjectNode tk, String suffix, Boolean value) {
        List<String> keys = new ArrayList<>();
        tk.fieldNames().forEachRemaining(k -> {
            if (k.startsWith("facebook_") && k.endsWith(suffix)) {
                keys.add(k);
            }
        });
        keys.forEach(k -> tk.set(k, value == null ? NullNode.getInstance() : Mutations.F.booleanNode(value)));
    }

    private static String failureOf(Technique technique) {
        return switch (technique) {
            case DNS_NXDOMAIN -> "dns_nxdomain_error";
            case TCP_TIMEOUT -> "generic_timeout_error";
            case TLS_RESET -> "connection_reset";
        };
    }

    /** Benign failures with OONI's real false-positive causes. */
    private static String[] noise(SplittableRandom rnd, String test, String platform, ObjectNode raw, ObjectNode tk) {
        double roll = rnd.nextDouble();
        if (test.equals("web_connectivity")) {
            if (roll < 0.30) {
                tk.set("control", NullNode.getInstance());
                tk.put("control_failure", "generic_timeout_error")
                        .putNull("blocking")
                        .putNull("accessible");
                return new String[] {"SKIP:OONI_FAILED_MEASUREMENT", "noise: the test helper was unreachable"};
            }
            if (roll < 0.50) {
                ObjectNode resp = null;
                for (JsonNode r : arr(tk, "requests")) {
                    if (classic(r)) {
                        resp = (ObjectNode) r.get("response");
                        break;
                    }
                }
                if (resp != null) {
                    resp.put("code", 403).put("body", CAPTCHA);
                    return new String[] {platform + ":HTTP_ERROR_STATUS", "noise: a captcha page answered 403"};
                }
            }
            if (roll < 0.70) {
                removeIf(tk, "network_events", Mutations::classic);
                raw.withObjectProperty("annotations").put("network_type", "vpn");
                arr(tk, "queries").forEach(q -> {
                    if (classic(q)) {
                        ObjectNode a =
                                Mutations.F.objectNode().put("answer_type", "A").put("ipv4", "127.0.0.1");
                        ((ObjectNode) q).set("answers", Mutations.F.arrayNode().add(a));
                    }
                });
                arr(tk, "tls_handshakes").forEach(h -> {
                    if (classic(h)) {
                        failTls(h, "ssl_invalid_hostname");
                        ((ObjectNode) h).put("address", "127.0.0.1:443");
                    }
                });
                removeIf(tk, "tcp_connect", Mutations::classic);
                removeIf(tk, "requests", Mutations::classic);
                tk.put("blocking", "dns")
                        .put("accessible", false)
                        .put("http_experiment_failure", "ssl_invalid_hostname");
                return new String[] {"SKIP:VPN_LOCAL_ANSWER", "noise: a phone VPN or ad blocker answered 127.0.0.1"};
            }
            if (roll < 0.85) {
                removeIf(tk, "network_events", Mutations::classic);
                arr(tk, "tcp_connect").forEach(c -> {
                    if (classic(c) && !host(c, "ip").contains(":")) {
                        failTcp(c, "generic_timeout_error");
                    }
                });
                removeIf(tk, "tls_handshakes", Mutations::classic);
                removeIf(tk, "requests", Mutations::classic);
                ObjectNode control = (ObjectNode) tk.get("control");
                control.withObjectProperty("tcp_connect")
                        .properties()
                        .forEach(e -> ((ObjectNode) e.getValue())
                                .put("status", false)
                                .put("failure", "generic_timeout_error"));
                control.withObjectProperty("tls_handshake")
                        .properties()
                        .forEach(e -> ((ObjectNode) e.getValue())
                                .put("status", false)
                                .put("failure", "generic_timeout_error"));
                control.putObject("http_request")
                        .put("failure", "generic_timeout_error")
                        .put("status_code", -1)
                        .put("body_length", -1);
                tk.put("http_experiment_failure", "generic_timeout_error")
                        .put("blocking", false)
                        .put("accessible", false);
                return new String[] {"SKIP:TARGET_DOWN", "noise: the site was down for the control too"};
            }
            removeIf(tk, "network_events", Mutations::classic);
            arr(tk, "tls_handshakes").forEach(h -> {
                if (classic(h)) {
                    failTls(h, "generic_timeout_error");
                }
            });
            removeIf(tk, "requests", Mutations::classic);
            tk.put("http_experiment_failure", "generic_timeout_error")
                    .put("blocking", "http-failure")
                    .put("accessible", false);
            return new String[] {platform + ":TLS_TIMEOUT", "noise: a transient TLS timeout"};
        }
        switch (test) {
            case "whatsapp" -> {
                if (roll < 0.5) {
                    raw.withObjectProperty("annotations").put("network_type", "vpn");
                    arr(tk, "queries").forEach(q -> {
                        String h = host(q, "hostname");
                        if (h.equals("web.whatsapp.com") || h.equals("v.whatsapp.net")) {
                            boolean v6 = "AAAA".equals(host(q, "query_type"));
                            ObjectNode a = v6
                                    ? Mutations.F
                                            .objectNode()
                                            .put("answer_type", "AAAA")
                                            .put("ipv6", "::")
                                    : Mutations.F
                                            .objectNode()
                                            .put("answer_type", "A")
                                            .put("ipv4", "0.0.0.0");
                            ((ObjectNode) q)
                                    .set("answers", Mutations.F.arrayNode().add(a));
                        }
                    });
                    arr(tk, "tls_handshakes").forEach(h -> {
                        failTls(h, "ssl_invalid_hostname");
                        ((ObjectNode) h).put("address", "127.0.0.1:443");
                    });
                    arr(tk, "requests").forEach(r -> failRequest(r, "ssl_invalid_hostname"));
                    tk.put("registration_server_status", "blocked").put("whatsapp_web_status", "blocked");
                    return new String[] {"SKIP:VPN_LOCAL_ANSWER", "noise: a phone VPN answered 0.0.0.0"};
                }
                transientTls(tk, "web.whatsapp.com");
                tk.put("whatsapp_web_status", "blocked").put("whatsapp_web_failure", "generic_timeout_error");
                return new String[] {"whatsapp:TLS_TIMEOUT", "noise: a transient TLS timeout"};
            }
            case "telegram" -> {
                transientTls(tk, "web.telegram.org");
                tk.put("telegram_web_status", "blocked").put("telegram_web_failure", "generic_timeout_error");
                return new String[] {"telegram:TLS_TIMEOUT", "noise: a transient TLS timeout"};
            }
            case "signal" -> {
                String sni = host(tk.path("tls_handshakes").path(0), "server_name");
                transientTls(tk, sni);
                tk.put("signal_backend_status", "blocked").put("signal_backend_failure", "generic_timeout_error");
                return new String[] {"signal:TLS_TIMEOUT", "noise: a transient TLS timeout"};
            }
            case "facebook_messenger" -> {
                JsonNode first = tk.path("tcp_connect").path(0);
                if (first.isObject()) {
                    failTcp(first, "generic_timeout_error");
                }
                return new String[] {"facebook:OK", "noise: one endpoint timed out, which ts-019 does not call blocking"
                };
            }
            default -> throw new IllegalStateException(test);
        }
    }

    private static void transientTls(ObjectNode tk, String sni) {
        arr(tk, "tls_handshakes").forEach(h -> {
            if (sni.equals(host(h, "server_name"))) {
                failTls(h, "generic_timeout_error");
            }
        });
        arr(tk, "requests").forEach(r -> {
            if (r.path("request").path("url").asText("").startsWith("https://" + sni + "/")) {
                failRequest(r, "generic_timeout_error");
            }
        });
    }

    private static void validate(Plan p) {
        List<String> problems = new ArrayList<>();
        if (p.start() == null || p.end() == null || !p.start().isBefore(p.end())) {
            problems.add("start must be before end");
        }
        if (!(p.perHour() > 0) || p.perHour() > 3600) {
            problems.add("perHour " + p.perHour() + " must be in (0, 3600]");
        }
        if (!(p.noiseRate() >= 0 && p.noiseRate() < 1)) {
            problems.add("noiseRate " + p.noiseRate() + " must be in [0, 1)");
        }
        if (p.networks() == null || p.networks().isEmpty()) {
            problems.add("at least one network is needed");
        } else {
            for (Network n : p.networks()) {
                if (n.country() == null || !n.country().matches("[A-Z]{2}")) {
                    problems.add("country '" + n.country() + "' is not an upper-case ISO 3166-1 alpha-2 code");
                }
                if (n.asn() < 1 || n.asn() > 4_294_967_295L) {
                    problems.add("ASN " + n.asn() + " is outside 1..4294967295");
                }
                if (n.networkType() == null) {
                    problems.add("network " + n.country() + ":" + n.asn() + " has no network type (use UNKNOWN)");
                }
            }
        }
        if (p.platforms() == null || p.platforms().isEmpty() || !SUPPORTED_PLATFORMS.containsAll(p.platforms())) {
            problems.add("platforms " + p.platforms() + " must be a non-empty subset of " + SUPPORTED_PLATFORMS);
        }
        if (p.disruption() != null) {
            Disruption d = p.disruption();
            if (d.technique() == null
                    || d.platforms() == null
                    || d.platforms().isEmpty()
                    || d.start() == null
                    || d.end() == null
                    || !d.start().isBefore(d.end())) {
                problems.add("a disruption needs a technique, platforms and start before end");
            } else if (!SUPPORTED_PLATFORMS.containsAll(d.platforms())) {
                problems.add("disrupted platforms " + d.platforms() + " must be among " + SUPPORTED_PLATFORMS);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid generator plan: " + String.join("; ", problems));
        }
    }

    private static String hex(SplittableRandom rnd, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static String alnum(SplittableRandom rnd, int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(chars.charAt(rnd.nextInt(chars.length())));
        }
        return sb.toString();
    }
}
