package org.vantage.ooni.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.vantage.schema.Measurement;
import org.vantage.schema.MeasurementSource;
import org.vantage.schema.NetworkType;
import org.vantage.schema.PhaseTimings;

/**
 * Maps one OONI raw measurement (the body {@code /api/v1/raw_measurement} serves) to at most one Vantage
 * {@link Measurement}, or says why not. Pure and thread-safe: no I/O after construction, no shared mutable
 * state; the only outside input is the clock that bounds event times.
 *
 * <p>Identity: {@code measurement_id} is {@code "ooni:" + measurement_uid} (deterministic, so it is the
 * de-duplication key of re-polled measurements), {@code probe_id} is {@code "ooni:" + report_id},
 * {@code source = OONI}, {@code source_ref} the uid (https://explorer.ooni.org/m/&lt;uid&gt;),
 * {@code source_report_id} the report id. The probe's IP address is never read.
 */
public final class OoniMapper {
    static final Set<String> TESTS = Set.of("web_connectivity", "whatsapp", "facebook_messenger", "telegram", "signal");
    /** OONI's fastpath flags measurements more than an hour in the future as failed (core.py). */
    static final Duration MAX_FUTURE = Duration.ofHours(1);
    /** OONI's first measurements date from 2012: anything earlier is a broken clock. */
    static final Instant EARLIEST = Instant.parse("2012-01-01T00:00:00Z");

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final DateTimeFormatter OONI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final Clock clock;
    private final Fingerprints fingerprints;
    private final WebConnectivityJudge web;

    /** A mapper with OONI's shipped block-page fingerprints and the system clock. */
    public OoniMapper() {
        this(Clock.systemUTC());
    }

    public OoniMapper(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fingerprints = Fingerprints.load();
        this.web = new WebConnectivityJudge(fingerprints);
    }

    /**
     * @param raw            OONI's raw measurement body
     * @param measurementUid OONI's measurement_uid (from the API row: the raw body does not carry it)
     */
    public Mapping map(JsonNode raw, String measurementUid) {
        try {
            return mapChecked(raw, measurementUid);
        } catch (RuntimeException e) {
            // Every field is read defensively; this is the backstop that keeps one odd document from costing the rest.
            return Mapping.skipped(SkipReason.MALFORMED, "unexpected document shape: " + e);
        }
    }

    private Mapping mapChecked(JsonNode raw, String uid) {
        if (raw == null || !raw.isObject()) {
            return Mapping.skipped(SkipReason.MALFORMED, "the raw measurement is not a JSON object");
        }
        if (uid == null || uid.isBlank()) {
            return Mapping.skipped(SkipReason.MISSING_FIELD, "measurement_uid is empty");
        }
        Envelope env = Envelope.read(raw);
        if (env.problem != null) {
            return Mapping.skipped(env.problemReason, env.problem);
        }
        Instant start;
        try {
            start = LocalDateTime.parse(
                            env.startTime.replace('T', ' ').replace("Z", "").replaceAll("\\.\\d+$", ""), OONI_TIME)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Mapping.skipped(
                    SkipReason.INVALID_FIELD,
                    "measurement_start_time '" + env.startTime + "' is not YYYY-MM-DD HH:MM:SS");
        }
        Instant now = clock.instant();
        if (start.isAfter(now.plus(MAX_FUTURE))) {
            return Mapping.skipped(
                    SkipReason.INVALID_FIELD,
                    "measurement_start_time " + env.startTime + " is in the future (clock now " + now + ")");
        }
        if (start.isBefore(EARLIEST)) {
            return Mapping.skipped(
                    SkipReason.INVALID_FIELD, "measurement_start_time " + env.startTime + " is before OONI existed");
        }
        if (env.testName.equals("web_connectivity") && (env.input == null || env.input.isBlank())) {
            return Mapping.skipped(SkipReason.MISSING_FIELD, "web_connectivity without input");
        }
        String platform = platform(env);
        if (platform == null) {
            return Mapping.skipped(
                    SkipReason.NOT_A_PLATFORM_TARGET,
                    "input " + env.input + " is neither a platform nor a reference site");
        }
        Verdict v = judge(env, start);
        if (v.skipped()) {
            return Mapping.skipped(v.skip(), v.detail());
        }
        return Mapping.mapped(build(env, uid, platform, start, v));
    }

    /** The network evidence alone, with no regard to the target list (package-private: the table test reads it). */
    Verdict judge(JsonNode raw) {
        Envelope env = Envelope.read(raw);
        if (!env.evidenceUsable) {
            return Verdict.skip(env.problemReason, env.problem);
        }
        Instant start;
        try {
            start = LocalDateTime.parse(env.startTime.replace('T', ' ').replace("Z", ""), OONI_TIME)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | NullPointerException e) {
            start = clock.instant();
        }
        return judge(env, start);
    }

    private Verdict judge(Envelope env, Instant start) {
        if (env.testName.equals("web_connectivity")) {
            if (env.input == null) {
                return Verdict.skip(SkipReason.MISSING_FIELD, "web_connectivity without input");
            }
            return web.judge(env.testKeys, env.input, env.cc, env.vpn);
        }
        Verdict v = new MessagingJudge(fingerprints, env.cc)
                .judge(env.testName, env.testKeys, env.testVersion, env.engineVersion, start, env.vpn);
        return v.skipped() ? v : withEventFacts(v, Events.of(env.testKeys));
    }

    /** Answers and phase timings of the IM test's target host (the failing one, or the platform's front door). */
    private static Verdict withEventFacts(Verdict v, Events ev) {
        String host = v.targetHost();
        List<String> answers = ev.queries().stream()
                .filter(q -> Objects.equals(host, q.hostname()))
                .flatMap(q -> q.ips().stream())
                .distinct()
                .toList();
        Integer dns = ev.queries().stream()
                .filter(q -> Objects.equals(host, q.hostname()))
                .map(q -> Events.millis(q.t0(), q.t()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        Integer tcp = ev.tcp().stream()
                .filter(t -> answers.contains(t.ip()))
                .map(t -> Events.millis(t.t0(), t.t()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        Integer tls = ev.tls().stream()
                .filter(t -> Objects.equals(host, t.serverName()))
                .map(t -> Events.millis(t.t0(), t.t()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        Events.Http http = ev.requests().stream()
                .filter(r -> r.url() != null && host != null && r.url().contains("//" + host + "/"))
                .findFirst()
                .orElse(null);
        return v.facts(
                        answers,
                        http != null && http.responseStarted() ? http.code() : null,
                        http != null && http.body() != null ? (long) http.body().length() : null)
                .timings(dns, tcp, tls, http == null ? null : Events.millis(http.t0(), http.t()));
    }

    private static String platform(Envelope env) {
        String byTest = PlatformTargets.TESTS.get(env.testName);
        if (byTest != null) {
            return byTest;
        }
        try {
            return env.input == null
                    ? null
                    : PlatformTargets.forHost(new URI(env.input.trim()).getHost())
                            .orElse(null);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static Measurement build(Envelope env, String uid, String platform, Instant start, Verdict v) {
        Integer total = sum(v.dnsMs(), v.connectMs(), v.tlsMs(), v.httpMs());
        PhaseTimings timings = PhaseTimings.newBuilder()
                .setDnsMs(v.dnsMs())
                .setConnectMs(v.connectMs())
                .setTlsMs(v.tlsMs())
                .setFirstByteMs(v.httpMs())
                .setTotalMs(total)
                .build();
        return Measurement.newBuilder()
                .setMeasurementId("ooni:" + uid)
                .setProbeId("ooni:" + env.reportId)
                .setCountry(env.cc)
                .setAsn(env.asn)
                .setNetworkType(env.networkType)
                .setPlatform(platform)
                .setTargetHost(v.targetHost() != null ? v.targetHost() : platform)
                .setTargetUrl(v.targetUrl())
                .setEventTime(start)
                .setOutcome(v.outcome())
                .setOutcomeDetail(v.detail())
                .setResolver(env.resolverIp)
                .setDnsAnswers(v.dnsAnswers())
                .setHttpStatus(v.httpStatus())
                .setTimings(timings)
                .setBytesReceived(v.bytesReceived())
                .setProbeVersion(env.software)
                .setSimulated(false)
                .setSource(MeasurementSource.OONI)
                .setSourceRef(uid)
                .setSourceReportId(env.reportId)
                .build();
    }

    /**
     * The sum of the phases the path used. OONI's test_runtime also counts the test helper call and every
     * other endpoint of the test, so it is not comparable with a Vantage probe's single fetch.
     */
    private static Integer sum(Integer... parts) {
        int total = 0;
        boolean any = false;
        for (Integer p : parts) {
            if (p != null) {
                total += p;
                any = true;
            }
        }
        return any ? total : null;
    }

    /** The envelope fields (spec df-000-base), validated; {@code problem} says what is missing or absurd. */
    private static final class Envelope {
        String testName;
        String testVersion;
        String engineVersion;
        String input;
        String cc;
        long asn;
        String reportId;
        String startTime;
        String resolverIp;
        String software;
        NetworkType networkType = NetworkType.UNKNOWN;
        boolean vpn;
        JsonNode testKeys;
        String problem;
        SkipReason problemReason;
        boolean evidenceUsable = true;

        static Envelope read(JsonNode raw) {
            Envelope e = new Envelope();
            if (raw == null || !raw.isObject()) {
                return e.fail(SkipReason.MALFORMED, "the raw measurement is not a JSON object");
            }
            e.testName = Events.text(raw, "test_name");
            if (e.testName == null) {
                return e.fail(SkipReason.MISSING_FIELD, "test_name is missing");
            }
            if (!TESTS.contains(e.testName)) {
                return e.fail(SkipReason.UNSUPPORTED_TEST, "test " + e.testName + " measures no platform");
            }
            JsonNode tk = raw.get("test_keys");
            if (tk == null || tk.isNull()) {
                return e.fail(SkipReason.MISSING_FIELD, "test_keys is null");
            }
            if (!tk.isObject()) {
                return e.fail(SkipReason.MALFORMED, "test_keys is not an object");
            }
            e.testKeys = tk;
            e.readDetails(raw);
            e.cc = Events.text(raw, "probe_cc");
            if (e.cc == null) {
                return e.failIdentity(SkipReason.MISSING_FIELD, "probe_cc is missing");
            }
            if (e.cc.equals("ZZ") || !COUNTRIES.contains(e.cc)) {
                return e.failIdentity(
                        SkipReason.INVALID_FIELD,
                        "probe_cc '" + e.cc + "' is not an ISO 3166-1 alpha-2 country (ZZ: withheld)");
            }
            String asn = Events.text(raw, "probe_asn");
            if (asn == null) {
                return e.failIdentity(SkipReason.MISSING_FIELD, "probe_asn is missing");
            }
            try {
                e.asn = Long.parseLong(asn.toUpperCase(Locale.ROOT).startsWith("AS") ? asn.substring(2) : asn);
            } catch (NumberFormatException ex) {
                return e.failIdentity(SkipReason.INVALID_FIELD, "probe_asn '" + asn + "' is not AS<number>");
            }
            if (e.asn < 1 || e.asn > 4_294_967_295L) {
                return e.failIdentity(
                        SkipReason.INVALID_FIELD, "probe_asn " + asn + " is outside 1..4294967295 (AS0: unknown)");
            }
            e.reportId = Events.text(raw, "report_id");
            if (e.reportId == null || e.reportId.isBlank()) {
                return e.failIdentity(SkipReason.MISSING_FIELD, "report_id is missing");
            }
            e.startTime = Events.text(raw, "measurement_start_time");
            if (e.startTime == null) {
                return e.failIdentity(SkipReason.MISSING_FIELD, "measurement_start_time is missing");
            }
            return e;
        }

        private void readDetails(JsonNode raw) {
            Envelope e = this;
            e.input = Events.text(raw, "input");
            e.testVersion = Events.text(raw, "test_version");
            JsonNode ann = raw.path("annotations");
            e.engineVersion = Events.text(ann, "engine_version");
            String nt = Events.text(ann, "network_type");
            nt = nt == null ? "" : nt.toLowerCase(Locale.ROOT);
            // The mobile apps say "mobile" or "wifi"; a phone on Wi-Fi sits behind a fixed line. "vpn" hides the access
            // network.
            e.networkType = switch (nt) {
                case "mobile" -> NetworkType.MOBILE;
                case "wifi" -> NetworkType.FIXED;
                default -> NetworkType.UNKNOWN;
            };
            e.vpn = nt.equals("vpn");
            String resolver = Events.text(raw, "resolver_ip");
            e.resolverIp = IpAddresses.isLiteral(resolver) ? resolver : null;
            String name = Events.text(raw, "software_name");
            String version = Events.text(raw, "software_version");
            e.software = (name == null ? "ooni-probe" : name) + "/" + (version == null ? "unknown" : version);
        }

        private Envelope fail(SkipReason reason, String detail) {
            problemReason = reason;
            problem = detail;
            evidenceUsable = false;
            return this;
        }

        /** A problem with who measured, where or when; the network evidence itself is still readable. */
        private Envelope failIdentity(SkipReason reason, String detail) {
            problemReason = reason;
            problem = detail;
            return this;
        }
    }
}
