package org.vantage.ooni.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A query of {@code GET /api/v1/measurements}: one country, a window of {@code measurement_start_time}, oldest
 * first, {@code limit} rows per page.
 *
 * @param testNames test names to list (empty: all)
 */
public record ListQuery(String probeCc, Instant since, Instant until, List<String> testNames, int limit) {

    /** OONI reads naive datetimes as UTC; whole seconds, like the start times themselves. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    public ListQuery {
        testNames = List.copyOf(testNames);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /** Path and query, relative to the API's base URL. */
    public String pathAndQuery() {
        StringBuilder q = new StringBuilder("/api/v1/measurements?probe_cc=")
                .append(enc(probeCc))
                .append("&since=")
                .append(enc(TIME.format(since.truncatedTo(ChronoUnit.SECONDS))))
                .append("&until=")
                .append(enc(TIME.format(until.truncatedTo(ChronoUnit.SECONDS))));
        if (!testNames.isEmpty()) {
            q.append("&test_name=").append(enc(String.join(",", testNames)));
        }
        return q.append("&order_by=measurement_start_time&order=asc&limit=")
                .append(limit)
                .toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
