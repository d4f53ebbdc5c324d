package org.vantage.ooni.bridge;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.vantage.config.Check;
import org.vantage.config.Durations;
import org.vantage.config.Resolved;
import org.vantage.config.Setting;
import org.vantage.config.SettingType;
import org.vantage.config.Settings;
import org.vantage.config.SettingsException;
import org.vantage.config.Sources;

/**
 * Every setting of the OONI bridge, declared once ({@link #ALL}): name, environment variable, option, type,
 * default, check and help. {@link #resolve} takes each from the command line, else the environment, else the
 * default, and reports every problem at once.
 */
public record OoniBridgeSettings(
        List<String> countries,
        URI apiUrl,
        Duration pollInterval,
        Duration trailingWindow,
        int pageSize,
        String bridgeId,
        int metricsPort,
        List<String> testNames,
        Duration requestTimeout,
        int maxAttempts,
        Duration retryBackoff,
        int maxBodyBytes,
        String contact,
        org.vantage.trust.ProbeCredentials credentials) {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern BRIDGE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern TEST_NAME = Pattern.compile("[a-z0-9_]{1,64}");

    public static final Setting<List<String>> COUNTRIES = Setting.of(
                    "country",
                    SettingType.of("country codes", OoniBridgeSettings::countryList, l -> String.join(",", l)))
            .env("VANTAGE_OONI_COUNTRIES")
            .option("--country")
            .required()
            .help("countries to import, ISO 3166-1 alpha-2 codes, comma-separated (e.g. PK,IR)")
            .build();
    public static final Setting<URI> API_URL = Setting.of(
                    "api-url", SettingType.of("URL", OoniBridgeSettings::httpUrl, URI::toString))
            .env("VANTAGE_OONI_API_URL")
            .option("--api-url")
            .defaultValue(URI.create("https://api.ooni.io"))
            .help("base URL of OONI's API")
            .build();
    public static final Setting<Duration> POLL_INTERVAL = Setting.of("poll-interval", SettingType.DURATION)
            .env("VANTAGE_OONI_POLL_INTERVAL")
            .option("--poll-interval")
            .defaultValue(Duration.ofSeconds(60))
            .defaultText("60s")
            .check(Check.positive())
            .help("time between polls of each country; OONI caches list answers for a minute")
            .build();
    public static final Setting<Duration> TRAILING_WINDOW = Setting.of("trailing-window", SettingType.DURATION)
            .env("VANTAGE_OONI_TRAILING_WINDOW")
            .option("--trailing-window")
            .defaultValue(Duration.ofHours(6))
            .check(positiveAtMost(Duration.ofDays(180)))
            .help(
                    "how far back each poll lists again: OONI lists by measurement start time, so late uploads land in the past;"
                            + " also bounds the uids kept in the bridge's state; at least the poll interval")
            .build();
    public static final Setting<Integer> PAGE_SIZE = Setting.of("page-size", SettingType.INT)
            .env("VANTAGE_OONI_PAGE_SIZE")
            .option("--page-size")
            .defaultValue(100)
            .check(Check.between(1, 1000))
            .help("rows per list page; one page is one Kafka transaction")
            .build();
    public static final Setting<String> BRIDGE_ID_SETTING = Setting.of(
                    "bridge-id", SettingType.of("id", OoniBridgeSettings::bridgeIdOf, id -> id))
            .env("VANTAGE_OONI_BRIDGE_ID")
            .option("--bridge-id")
            .defaultValue("ooni-bridge")
            .help(
                    "identity of this bridge: names its Kafka transactional id and its state keys; one running bridge per id")
            .build();
    public static final Setting<Integer> METRICS_PORT = Setting.of("metrics-port", SettingType.INT)
            .env("VANTAGE_OONI_METRICS_PORT")
            .option("--metrics-port")
            .defaultValue(9465)
            .check(Check.between(-1, 65535))
            .help("port of GET /metrics (Prometheus) and /health; 0 = any free port, -1 = off")
            .build();
    public static final Setting<List<String>> TEST_NAMES = Setting.of(
                    "test-names",
                    SettingType.of(
                            "test names",
                            OoniBridgeSettings::testNameList,
                            l -> l.isEmpty() ? "*" : String.join(",", l)))
            .env("VANTAGE_OONI_TEST_NAMES")
            .option("--test-names")
            .defaultValue(List.of("web_connectivity", "whatsapp", "facebook_messenger", "telegram", "signal"))
            .help("OONI tests to list, comma-separated; '*' = all")
            .build();
    public static final Setting<Duration> REQUEST_TIMEOUT = Setting.of("request-timeout", SettingType.DURATION)
            .env("VANTAGE_OONI_REQUEST_TIMEOUT")
            .option("--request-timeout")
            .defaultValue(Duration.ofSeconds(30))
            .check(positiveAtMost(Duration.ofMinutes(10)))
            .help("time OONI's API has to connect and answer one request")
            .build();
    public static final Setting<Integer> MAX_ATTEMPTS = Setting.of("max-attempts", SettingType.INT)
            .env("VANTAGE_OONI_MAX_ATTEMPTS")
            .option("--max-attempts")
            .defaultValue(5)
            .check(Check.between(1, 20))
            .help("attempts per request on 429, 5xx and connection errors")
            .build();
    public static final Setting<Duration> RETRY_BACKOFF = Setting.of("retry-backoff", SettingType.DURATION)
            .env("VANTAGE_OONI_RETRY_BACKOFF")
            .option("--retry-backoff")
            .defaultValue(Duration.ofSeconds(1))
            .check(positiveAtMost(Duration.ofSeconds(60)))
            .help("first wait before a retry; doubled each time (random jitter), at most 60s")
            .build();
    public static final Setting<Integer> MAX_BODY_BYTES = Setting.of("max-body-bytes", SettingType.INT)
            .env("VANTAGE_OONI_MAX_BODY_BYTES")
            .option("--max-body-bytes")
            .defaultValue(8 << 20)
            .check(Check.between(1024, 256 << 20))
            .help("largest measurement body or list page accepted; larger ones are skipped as absurd")
            .build();
    public static final Setting<String> CONTACT = Setting.of("contact", SettingType.STRING)
            .env("VANTAGE_OONI_CONTACT")
            .option("--contact")
            .defaultValue("")
            .defaultText("none")
            .help("contact added to the User-Agent, so OONI can reach the operator")
            .build();

    /**
     * The bridge's credentials as an enrolled source: with them every imported measurement is signed, as the detector
     * requires when it runs with {@code VANTAGE_PROBE_TRUST=enrolled} (the bridge enrolled for any network, "*").
     */
    public static final Setting<org.vantage.trust.ProbeCredentials> CREDENTIALS = Setting.of(
                    "credentials",
                    SettingType.of(
                            "credentials file", OoniBridgeSettings::credentials, c -> c.probeId() + " credentials"))
            .env("VANTAGE_OONI_CREDENTIALS")
            .option("--credentials")
            .defaultText("none (records unsigned)")
            .help(
                    "credentials file written by 'vantage probes enroll' for the bridge; every imported measurement is signed with it")
            .build();

    /** The bridge's own settings, in the order of the documentation (Kafka's are the shared ones). */
    public static final Settings ALL = Settings.of(
            "OONI bridge (vantage ooni-bridge)",
            COUNTRIES,
            API_URL,
            POLL_INTERVAL,
            TRAILING_WINDOW,
            PAGE_SIZE,
            BRIDGE_ID_SETTING,
            METRICS_PORT,
            TEST_NAMES,
            REQUEST_TIMEOUT,
            MAX_ATTEMPTS,
            RETRY_BACKOFF,
            MAX_BODY_BYTES,
            CONTACT,
            CREDENTIALS);

    public OoniBridgeSettings {
        countries = List.copyOf(countries);
        testNames = List.copyOf(testNames);
        Objects.requireNonNull(apiUrl, "apiUrl");
    }

    /** Invalid settings: every problem, one per line, each naming what set the value. */
    public static final class InvalidSettings extends IllegalArgumentException {
        private final List<String> problems;

        InvalidSettings(List<String> problems) {
            super("invalid OONI bridge settings:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Resolves every setting: {@code given} (by setting name, e.g. from the command line) over {@code env} over
     * the default.
     *
     * @throws InvalidSettings listing every problem
     */
    public static OoniBridgeSettings resolve(Map<String, String> given, Map<String, String> env) {
        return resolve(Sources.environment(env).withCommandLine(given));
    }

    /** {@link #resolve(Map, Map)} over this process's environment. */
    public static OoniBridgeSettings resolve(Map<String, String> given) {
        return resolve(Sources.processEnvironment().withCommandLine(given));
    }

    private static OoniBridgeSettings resolve(Sources sources) {
        Resolved r;
        try {
            r = ALL.resolve(sources);
        } catch (SettingsException e) {
            throw new InvalidSettings(e.problems());
        }
        Duration poll = r.get(POLL_INTERVAL);
        Duration window = r.get(TRAILING_WINDOW);
        if (window.compareTo(poll) < 0) {
            throw new InvalidSettings(
                    List.of("--trailing-window (" + Durations.format(window) + ") must be at least --poll-interval ("
                            + Durations.format(poll) + "): otherwise measurements between polls are never listed"));
        }
        return new OoniBridgeSettings(
                r.get(COUNTRIES),
                r.get(API_URL),
                poll,
                window,
                r.get(PAGE_SIZE),
                r.get(BRIDGE_ID_SETTING),
                r.get(METRICS_PORT),
                r.get(TEST_NAMES),
                r.get(REQUEST_TIMEOUT),
                r.get(MAX_ATTEMPTS),
                r.get(RETRY_BACKOFF),
                r.get(MAX_BODY_BYTES),
                r.get(CONTACT).trim(),
                r.get(CREDENTIALS));
    }

    private static org.vantage.trust.ProbeCredentials credentials(String path) {
        try {
            return org.vantage.trust.ProbeCredentials.load(java.nio.file.Path.of(path));
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(
                    e instanceof java.nio.file.NoSuchFileException ? path + " does not exist" : e.getMessage());
        }
    }

    private static Check<Duration> positiveAtMost(Duration max) {
        return Check.of(
                "> 0, <= " + Durations.format(max),
                d -> d.isZero() || d.isNegative()
                        ? "must be positive, got " + Durations.format(d)
                        : d.compareTo(max) > 0 ? Durations.format(d) + " is more than " + Durations.format(max) : null);
    }

    /** The Kafka transactional id of this bridge identity. */
    public String transactionalId() {
        return "vantage-ooni-bridge." + bridgeId;
    }

    static List<String> countryList(String s) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String part : s.split(",")) {
            String cc = part.trim().toUpperCase(Locale.ROOT);
            if (cc.isEmpty()) {
                continue;
            }
            if (!COUNTRY.matcher(cc).matches() || cc.equals("ZZ")) {
                bad.add("'" + part.trim() + "'");
            } else {
                out.add(cc);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("not ISO 3166-1 alpha-2 country codes: " + String.join(", ", bad)
                    + " (ZZ, OONI's 'withheld', cannot be asked for)");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("name at least one country, e.g. PK");
        }
        return List.copyOf(out);
    }

    static URI httpUrl(String s) {
        try {
            URI u = new URI(s.trim());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException(
                        "'" + s + "' must be an http(s) URL with a host, e.g. https://api.ooni.io");
            }
            if (u.getRawQuery() != null) {
                throw new IllegalArgumentException("'" + s + "' must not carry a query string");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + s + "' is not a URL: " + e.getMessage());
        }
    }

    static String bridgeIdOf(String s) {
        String id = s.trim();
        if (!BRIDGE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' must be 1..100 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    static List<String> testNameList(String s) {
        if (s.trim().equals("*")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!TEST_NAME.matcher(t).matches()) {
                throw new IllegalArgumentException("'" + t + "' is not an OONI test name (e.g. web_connectivity)");
            }
            out.add(t);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("name at least one test, or '*' for all");
        }
        return out;
    }
}
