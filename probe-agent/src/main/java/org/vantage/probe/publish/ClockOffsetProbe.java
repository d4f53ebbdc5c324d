package org.vantage.probe.publish;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * Measures the probe's clock offset against the {@code Date} header of an HTTP(S) endpoint.
 *
 * <p>Why HTTP Date: our topics use CreateTime (the probe's own event time is the record timestamp), so the
 * broker's clock is not visible to a producer, and NTP may be blocked exactly where probes matter. Any web
 * server's {@code Date} header is a reference reachable wherever the probe can reach the web.
 *
 * <p>The header has one-second resolution and is truncated, so the server's true time at the moment it
 * answered lies in {@code [date, date + 1 s)}; we take the middle of that interval and compare it with the
 * middle of our request's round trip. Offset = probe clock minus reference clock: a probe whose clock runs
 * 5 s ahead reports about +5000 ms. The error is at most half a second plus half the round trip.
 */
public final class ClockOffsetProbe {

    private final HttpClient client;
    private final URI url;
    private final Clock clock;
    private final Duration timeout;

    public ClockOffsetProbe(URI url, Duration timeout) {
        this(
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                url,
                Clock.systemUTC(),
                timeout);
    }

    public ClockOffsetProbe(HttpClient client, URI url, Clock clock, Duration timeout) {
        this.client = client;
        this.url = url;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Offset in milliseconds (probe minus reference), or empty when the endpoint gave no usable Date. */
    public OptionalLong measure() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(timeout)
                .build();
        long t0 = clock.millis();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        long t1 = clock.millis();
        return response.headers()
                .firstValue("Date")
                .flatMap(ClockOffsetProbe::parseDate)
                .map(date -> OptionalLong.of(offset(t0, t1, date)))
                .orElse(OptionalLong.empty());
    }

    /** Probe time at the middle of the round trip minus the middle of the server's one-second Date interval. */
    static long offset(long requestSentMillis, long responseReceivedMillis, Instant serverDate) {
        long probeMid = requestSentMillis + (responseReceivedMillis - requestSentMillis) / 2;
        long serverMid = serverDate.toEpochMilli() + 500;
        return probeMid - serverMid;
    }

    static java.util.Optional<Instant> parseDate(String value) {
        try {
            return java.util.Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }
}
