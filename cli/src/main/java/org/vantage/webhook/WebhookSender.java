package org.vantage.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs one alert body to one URL, signed, retrying with the {@link RetrySchedule}. Network errors,
 * timeouts, 408, 425, 429 and 5xx are retried; other non-2xx answers are the receiver refusing the request
 * (bad signature, unknown path), which no retry will change, so they end the delivery at once.
 */
public final class WebhookSender {

    public static final String ALERT_ID_HEADER = "X-Vantage-Alert-Id";
    /** Same value as {@link #ALERT_ID_HEADER}, under the name generic idempotency middleware looks for. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    public static final String EVENT_HEADER = "X-Vantage-Event";
    public static final String ATTEMPT_HEADER = "X-Vantage-Delivery-Attempt";
    static final String USER_AGENT = "vantage-webhook-bridge/0.1";

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    /** How one delivery (all its attempts) ended. */
    public record Result(boolean delivered, int attempts, String detail) {}

    private final HttpClient http;
    private final WebhookSignature signature;
    private final RetrySchedule retry;
    private final Duration requestTimeout;
    private final Clock clock;

    public WebhookSender(
            WebhookSignature signature,
            RetrySchedule retry,
            Duration connectTimeout,
            Duration requestTimeout,
            Clock clock) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.signature = signature;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** Offers {@code body} to {@code url} until it is accepted or the schedule is exhausted. */
    public Result deliver(URI url, String alertId, String event, byte[] body) throws InterruptedException {
        String lastFailure = "no attempt made";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            Thread.sleep(retry.backoffBefore(attempt).toMillis());
            long now = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .header(ALERT_ID_HEADER, alertId)
                    .header(IDEMPOTENCY_HEADER, alertId)
                    .header(EVENT_HEADER, event)
                    .header(ATTEMPT_HEADER, Integer.toString(attempt))
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                    .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(now, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Result(true, attempt, "HTTP " + status);
                }
                lastFailure = "HTTP " + status;
                if (!retryable(status)) {
                    return new Result(false, attempt, lastFailure + " (client error, not retried)");
                }
            } catch (HttpTimeoutException e) {
                lastFailure = "timed out: " + e.getMessage();
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            log.debug(
                    "event=webhook_attempt_failed url={} alert_id={} attempt={} reason=\"{}\"",
                    url,
                    alertId,
                    attempt,
                    lastFailure);
        }
        return new Result(false, retry.maxAttempts(), lastFailure + " after " + retry.maxAttempts() + " attempts");
    }

    static boolean retryable(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }
}
