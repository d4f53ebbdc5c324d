package org.vantage.ooni.bridge;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every setting of the OONI bridge, declared once: name (the command-line option is {@code --name}),
 * environment variable, default, check and help. {@link #resolve} takes each from the command line, else the
 * environment, else the default, and reports every problem at once.
 */
public record OoniBridgeSettings(List<String> countries, URI apiUrl, Duration pollInterval, Duration trailingWindow,
        int pageSize, String bridgeId, int metricsPort, List<String> testNames, Duration requestTimeout, int maxAttempts,
        Duration retryBackoff, int maxBodyBytes, String contact) {

    /** One declared setting; {@code defaultValue} null means required. */
    public record Setting(String name, String env, String defaultValue, String paramLabel, String help,
            Function<String, Object> check) {

        public String option() {
            return "--" + name;
        }

        /** Help text with where the value may come from. */
        public String description() {
            return help + " (env " + env + (defaultValue == null ? "; required" : defaultValue.isEmpty() ? "; default none"
                    : "; default " + defaultValue) + ")";
        }
    }

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern BRIDGE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern TEST_NAME = Pattern.compile("[a-z0-9_]{1,64}");

    public static final Setting COUNTRY_SETTING = new Setting("country", "VANTAGE_OONI_COUNTRIES", null, "CC[,CC...]",
            "Countries to import, ISO 3166-1 alpha-2 codes, comma-separated (e.g. PK,IR)", OoniBridgeSettings::countryList);
    public static final List<Setting> ALL = List.of(
            COUNTRY_SETTING,
            new Setting("api-url", "VANTAGE_OONI_API_URL", "https://api.ooni.io", "URL",
                    "Base URL of OONI's API", OoniBridgeSettings::httpUrl),
            new Setting("poll-interval", "VANTAGE_OONI_POLL_INTERVAL", "60s", "DURATION",
                    "Time between polls of each country; OONI caches list answers for a minute", s -> duration(s)),
            new Setting("trailing-window", "VANTAGE_OONI_TRAILING_WINDOW", "6h", "DURATION",
                    "How far back each poll lists again: OONI lists by measurement start time, so late uploads land in the past;"
                            + " also bounds the uids kept in the bridge's state", s -> durationAtMost(s, Duration.ofDays(180))),
            new Setting("page-size", "VANTAGE_OONI_PAGE_SIZE", "100", "N",
                    "Rows per list page, 1..1000; one page is one Kafka transaction", s -> intIn(s, 1, 1000)),
            new Setting("bridge-id", "VANTAGE_OONI_BRIDGE_ID", "ooni-bridge", "ID",
                    "Identity of this bridge: names its Kafka transactional id and its state keys; one running bridge per id",
                    OoniBridgeSettings::bridgeIdOf),
            new Setting("metrics-port", "VANTAGE_OONI_METRICS_PORT", "9465", "PORT",
                    "Port of GET /metrics (Prometheus) and /health; 0 = any free port, -1 = off", s -> intIn(s, -1, 65535)),
            new Setting("test-names", "VANTAGE_OONI_TEST_NAMES", "web_connectivity,whatsapp,facebook_messenger,telegram,signal",
                    "TESTS", "OONI tests to list, comma-separated; '*' = all", OoniBridgeSettings::testNameList),
            new Setting("request-timeout", "VANTAGE_OONI_REQUEST_TIMEOUT", "30s", "DURATION",
                    "Time OONI's API has to connect and answer one request", s -> durationAtMost(s, Duration.ofMinutes(10))),
            new Setting("max-attempts", "VANTAGE_OONI_MAX_ATTEMPTS", "5", "N",
                    "Attempts per request on 429, 5xx and connection errors, 1..20", s -> intIn(s, 1, 20)),
            new Setting("retry-backoff", "VANTAGE_OONI_RETRY_BACKOFF", "1s", "DURATION",
                    "First wait before a retry; doubled each time (random jitter), at most 60s", s -> durationAtMost(s, Duration.ofSeconds(60))),
            new Setting("max-body-bytes", "VANTAGE_OONI_MAX_BODY_BYTES", "8388608", "BYTES",
                    "Largest measurement body or list page accepted; larger ones are skipped as absurd", s -> intIn(s, 1024, 256 << 20)),
            new Setting("contact", "VANTAGE_OONI_CONTACT", "", "URL-OR-EMAIL",
                    "Contact added to the User-Agent, so OONI can reach the operator", s -> s.trim()));

    public OoniBridgeSettings {
        countries = List.copyOf(countries);
        testNames = List.copyOf(testNames);
        Objects.requireNonNull(apiUrl, "apiUrl");
    }

    /** Invalid settings: every problem, one per line, each naming the option and the variable. */
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
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Setting s : ALL) {
            String raw = given.get(s.name());
            String from = s.option();
            if (raw == null) {
                raw = env.get(s.env());
                from = s.env();
            }
            if (raw == null) {
                raw = s.defaultValue();
                from = "default";
            }
            if (raw == null) {
                problems.add(s.option() + " (or " + s.env() + ") is required: " + s.help());
                continue;
            }
            try {
                values.put(s.name(), s.check().apply(raw));
            } catch (IllegalArgumentException e) {
                problems.add(s.option() + " (" + from + ") '" + raw + "': " + e.getMessage());
            }
        }
        if (values.get("poll-interval") instanceof Duration poll && values.get("trailing-window") instanceof Duration window
                && window.compareTo(poll) < 0) {
            problems.add("--trailing-window (" + window + ") must be at least --poll-interval (" + poll
                    + "): otherwise measurements between polls are never listed");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettings(problems);
        }
        @SuppressWarnings("unchecked")
        List<String> countries = (List<String>) values.get("country");
        @SuppressWarnings("unchecked")
        List<String> tests = (List<String>) values.get("test-names");
        return new OoniBridgeSettings(countries, (URI) values.get("api-url"), (Duration) values.get("poll-interval"),
                (Duration) values.get("trailing-window"), (Integer) values.get("page-size"), (String) values.get("bridge-id"),
                (Integer) values.get("metrics-port"), tests, (Duration) values.get("request-timeout"),
                (Integer) values.get("max-attempts"), (Duration) values.get("retry-backoff"),
                (Integer) values.get("max-body-bytes"), (String) values.get("contact"));
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
                throw new IllegalArgumentException("must be an http(s) URL with a host, e.g. https://api.ooni.io");
            }
            if (u.getRawQuery() != null) {
                throw new IllegalArgumentException("must not carry a query string");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
    }

    static String bridgeIdOf(String s) {
        String id = s.trim();
        if (!BRIDGE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("use 1..100 letters, digits, '.', '_' or '-'");
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

    static int intIn(String s, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("must be in " + min + ".." + max);
        }
        return v;
    }

    static Duration durationAtMost(String s, Duration max) {
        Duration d = duration(s);
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException("must be at most " + max);
        }
        return d;
    }

    /** {@code 500ms}, {@code 60s}, {@code 15m}, {@code 6h}, {@code 1d}, or ISO-8601 ({@code PT6H}); positive. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("d")) {
                d = Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.parse("PT" + t.toUpperCase(Locale.ROOT));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration; use e.g. 500ms, 60s, 15m, 6h, 1d");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be positive");
        }
        return d;
    }
}
