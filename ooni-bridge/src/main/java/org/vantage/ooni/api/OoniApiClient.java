package org.vantage.ooni.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * A polite client of OONI's measurements API on {@code java.net.http}: lists measurements page by page
 * ({@code GET /api/v1/measurements}, following {@code metadata.next_url}) and fetches bodies
 * ({@code GET /api/v1/raw_measurement}).
 *
 * <p>Politeness: a User-Agent of its own (OONI answers clients whose User-Agent starts with {@code okhttp}
 * with a fake row), bounded page sizes (the caller's {@link ListQuery#limit()}), bounded bodies, timeouts,
 * and retries on 429, 5xx and connection errors only, with exponential backoff and jitter ({@link RetryPolicy}).
 *
 * <p>{@code next_url} is absolute and names OONI's public host; only its path and query are followed, on the
 * configured base URL, so a proxy or a replay server stays in the loop and the client never wanders to a
 * host it was not given.
 */
public final class OoniApiClient {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.ooni.io");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_SNIPPET_BYTES = 300;

    /**
     * @param baseUrl        API root, e.g. {@code https://api.ooni.io}
     * @param userAgent      sent with every request
     * @param requestTimeout time to connect and to get the response headers
     * @param maxBodyBytes   largest measurement body (and list page) accepted
     */
    public record Config(URI baseUrl, String userAgent, Duration requestTimeout, RetryPolicy retry, int maxBodyBytes) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(userAgent, "userAgent");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(retry, "retry");
        }
    }

    /** How the client waits between attempts (tests pass one that records instead of sleeping). */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Config config;
    private final String base;
    private final HttpClient http;
    private final ApiEvents events;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public OoniApiClient(Config config, ApiEvents events) {
        this(
                config,
                events,
                d -> Thread.sleep(d.toMillis()),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public OoniApiClient(Config config, ApiEvents events, Sleeper sleeper, DoubleSupplier random) {
        this.config = config;
        String b = config.baseUrl().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.events = events;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** The User-Agent: {@code vantage-ooni-bridge/<version>}, plus {@code (+contact)} when one is given. */
    public static String userAgent(String contact) {
        String version = Optional.ofNullable(OoniApiClient.class.getPackage().getImplementationVersion())
                .orElse("0.1.0");
        String ua = "vantage-ooni-bridge/" + version;
        return contact == null || contact.isBlank() ? ua : ua + " (+" + contact.trim() + ")";
    }

    /** The first page of a query. */
    public ListPage list(ListQuery query) throws InterruptedException {
        return listPage(URI.create(base + query.pathAndQuery()));
    }

    /** The page at {@code url} (a {@link ListPage#next()}). */
    public ListPage listPage(URI url) throws InterruptedException {
        Response r = get(url, "list");
        if (r.status / 100 != 2) {
            events.failed("list", "rejected");
            throw new OoniApiException(
                    url, r.status, "OONI API refused " + url + ": HTTP " + r.status + " " + r.snippet(), null);
        }
        if (r.truncated) {
            events.failed("list", "malformed");
            throw new OoniApiException(
                    url,
                    r.status,
                    "OONI API page " + url + " is larger than " + config.maxBodyBytes() + " bytes; lower the page size",
                    null);
        }
        JsonNode page;
        try {
            page = JSON.readTree(r.body);
        } catch (IOException e) {
            events.failed("list", "malformed");
            throw new OoniApiException(url, r.status, "OONI API page " + url + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode results = page == null ? null : page.get("results");
        if (results == null || !results.isArray()) {
            events.failed("list", "malformed");
            throw new OoniApiException(
                    url, r.status, "OONI API page " + url + " has no results array: " + r.snippet(), null);
        }
        List<MeasurementRow> rows = new ArrayList<>();
        int unusable = 0;
        for (JsonNode row : results) {
            MeasurementRow parsed = row(row);
            if (parsed == null) {
                unusable++;
            } else {
                rows.add(parsed);
            }
        }
        JsonNode next = page.path("metadata").path("next_url");
        Optional<URI> nextUrl = next.isTextual() && !next.asText().isBlank() && !rows.isEmpty()
                ? Optional.ofNullable(rebase(next.asText()))
                : Optional.empty();
        return new ListPage(url, List.copyOf(rows), unusable, nextUrl);
    }

    /** The raw measurement body of {@code uid}, or why it cannot be used. */
    public RawBody fetchRaw(String uid) throws InterruptedException {
        URI url = URI.create(
                base + "/api/v1/raw_measurement?measurement_uid=" + URLEncoder.encode(uid, StandardCharsets.UTF_8));
        Response r = get(url, "raw_measurement");
        if (r.status / 100 != 2) {
            events.failed("raw_measurement", "rejected");
            return new RawBody.Skipped(FetchSkip.REJECTED, "HTTP " + r.status + " from " + url);
        }
        return BodyCheck.check(r.body, r.truncated, config.maxBodyBytes());
    }

    /** Path and query of an absolute next_url on the configured base; null when it is not a URL. */
    URI rebase(String nextUrl) {
        try {
            URI u = URI.create(nextUrl.trim());
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            return URI.create(base + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static MeasurementRow row(JsonNode r) {
        String uid = text(r, "measurement_uid");
        String start = text(r, "measurement_start_time");
        if (uid == null || uid.isBlank() || start == null) {
            return null;
        }
        Instant startTime;
        try {
            startTime = Instant.parse(start);
        } catch (DateTimeParseException e) {
            return null;
        }
        return new MeasurementRow(
                uid,
                text(r, "report_id"),
                text(r, "test_name"),
                text(r, "probe_cc"),
                text(r, "probe_asn"),
                text(r, "input"),
                startTime);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private record Response(int status, byte[] body, boolean truncated) {
        String snippet() {
            String s = new String(body, 0, Math.min(body.length, ERROR_SNIPPET_BYTES), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "" : "(" + s + ")";
        }
    }

    /**
     * GET with retries: returns a 2xx or a non-retryable status; throws when retries ran out or the API could
     * not be reached.
     */
    private Response get(URI url, String endpoint) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .GET()
                .timeout(config.requestTimeout())
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/json")
                .build();
        int attempts = 0;
        while (true) {
            attempts++;
            String cause;
            String last;
            int status = -1;
            Optional<Duration> retryAfter = Optional.empty();
            IOException error = null;
            try {
                HttpResponse<InputStream> resp = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                status = resp.statusCode();
                boolean ok = status / 100 == 2;
                Response r = read(resp, ok ? config.maxBodyBytes() : ERROR_SNIPPET_BYTES);
                if (ok || !RetryPolicy.retryableStatus(status)) {
                    return r;
                }
                cause = status == 429 ? "429" : "5xx";
                last = "HTTP " + status + " " + r.snippet();
                retryAfter = RetryPolicy.parseRetryAfter(resp.headers().firstValue("Retry-After"));
            } catch (IOException e) {
                error = e;
                cause = "connection";
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            Optional<Duration> delay = config.retry().delayAfter(attempts, retryAfter, random.getAsDouble());
            if (delay.isEmpty()) {
                if (status < 0) {
                    events.failed(endpoint, "unreachable");
                    throw new OoniApiException(
                            url,
                            -1,
                            "cannot reach the OONI API at " + url + " (" + last + ") after " + attempts
                                    + " attempt(s); check --api-url and the network",
                            error);
                }
                events.failed(endpoint, "retries_exhausted");
                throw new OoniApiException(
                        url,
                        status,
                        "OONI API kept failing at " + url + ": " + last + " after " + attempts + " attempt(s)",
                        error);
            }
            events.retrying(endpoint, cause, delay.get());
            sleeper.sleep(delay.get());
        }
    }

    private static Response read(HttpResponse<InputStream> resp, int limit) throws IOException {
        try (InputStream in = resp.body()) {
            byte[] body = in.readNBytes(limit + 1);
            boolean truncated = body.length > limit;
            return new Response(resp.statusCode(), truncated ? java.util.Arrays.copyOf(body, limit) : body, truncated);
        }
    }

    /** Visible for the log: the base every request goes to. */
    public String baseUrl() {
        return base;
    }
}
