package org.vantage.probe.measure;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vantage.schema.Outcome;

/**
 * HTTP layer: one GET of the target URL over the measured connection, recording status,
 * first-byte time and (capped) body size, then judging the response: a block-page fingerprint
 * wins over the status (block pages are often served as 403 or 451), then an error status.
 *
 * <p>A reset (or a close before any response byte) after the request was sent is reported as
 * {@code TCP_RESET}: that is how keyword/Host-header filtering of plain HTTP shows up. A malformed
 * response head is reported as {@code HTTP_ERROR_STATUS} with the reason in the detail.
 */
final class HttpPhase {
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);

    /** What was observed, filled as the exchange progresses so partial results survive a failure. */
    static final class Observation {
        Integer status;
        Integer firstByteMs;
        Long bodyBytes;
    }

    private final Duration timeout;
    private final long maxBodyBytes;
    private final BlockPageDetector blockPages;
    private final HttpStatusPolicy statusPolicy;
    private final String userAgent;

    HttpPhase(
            Duration timeout,
            long maxBodyBytes,
            BlockPageDetector blockPages,
            HttpStatusPolicy statusPolicy,
            String userAgent) {
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.blockPages = blockPages;
        this.statusPolicy = statusPolicy;
        this.userAgent = userAgent;
    }

    void fetch(Socket socket, MeasurementTarget target, Observation observation) throws PhaseFailure {
        Deadline deadline = Deadline.after(timeout);
        long requestSent;
        DeadlineInputStream in;
        try {
            in = new DeadlineInputStream(socket, deadline);
            Http11.writeGet(
                    socket.getOutputStream(), target.url(), target.host(), target.port(), target.tls(), userAgent);
            requestSent = System.nanoTime();
        } catch (IOException e) {
            throw new PhaseFailure(
                    Outcome.TCP_RESET, "connection failed while sending the HTTP request: " + e.getMessage(), e);
        }
        BufferedInputStream buffered = new BufferedInputStream(in, 16 * 1024);
        Http11.Head head;
        try {
            head = Http11.readHead(buffered);
        } catch (SocketTimeoutException e) {
            throw new PhaseFailure(
                    Outcome.HTTP_TIMEOUT,
                    in.firstByteNanos() == 0
                            ? "no HTTP response within " + timeout.toMillis() + " ms"
                            : "HTTP response head incomplete after " + timeout.toMillis() + " ms",
                    e);
        } catch (IOException e) {
            throw headFailure(e, in);
        } finally {
            recordFirstByte(in, requestSent, observation);
        }
        observation.status = head.status();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        PhaseFailure bodyFailure = null;
        try {
            observation.bodyBytes = Http11.readBody(
                    buffered, head, maxBodyBytes, body, (int) Math.min(maxBodyBytes, Integer.MAX_VALUE));
        } catch (SocketTimeoutException e) {
            bodyFailure = new PhaseFailure(
                    Outcome.HTTP_TIMEOUT,
                    "HTTP " + head.status() + " body incomplete after " + timeout.toMillis() + " ms (" + body.size()
                            + " bytes)",
                    e);
        } catch (IOException e) {
            bodyFailure = isReset(e)
                    ? new PhaseFailure(
                            Outcome.TCP_RESET,
                            "connection reset during the HTTP body after " + body.size() + " bytes",
                            e)
                    : new PhaseFailure(Outcome.HTTP_ERROR_STATUS, "malformed HTTP body: " + e.getMessage(), e);
        }
        if (observation.bodyBytes == null) {
            observation.bodyBytes = (long) body.size();
        }
        // Judge even a partial body: a block page followed by a stalled connection is still a block page.
        Optional<BlockPageFingerprint> fingerprint = blockPages.match(head.raw(), decode(body.toByteArray(), head));
        if (fingerprint.isPresent()) {
            BlockPageFingerprint f = fingerprint.get();
            throw new PhaseFailure(
                    Outcome.HTTP_BLOCK_PAGE,
                    "HTTP " + head.status() + " matches block-page fingerprint '" + f.name() + "' ("
                            + f.scope().name().toLowerCase(Locale.ROOT) + ")");
        }
        if (bodyFailure != null) {
            throw bodyFailure;
        }
        if (statusPolicy.isError(head.status())) {
            throw new PhaseFailure(
                    Outcome.HTTP_ERROR_STATUS,
                    "HTTP status "
                            + head.statusLine().substring(head.statusLine().indexOf(' ') + 1));
        }
    }

    private static void recordFirstByte(DeadlineInputStream in, long requestSent, Observation observation) {
        if (in.firstByteNanos() != 0 && observation.firstByteMs == null) {
            observation.firstByteMs = Elapsed.toMillis(in.firstByteNanos() - requestSent);
        }
    }

    private static PhaseFailure headFailure(IOException e, DeadlineInputStream in) {
        if (isReset(e)) {
            return new PhaseFailure(
                    Outcome.TCP_RESET,
                    in.firstByteNanos() == 0
                            ? "connection reset after the HTTP request, before any response"
                            : "connection reset inside the HTTP response head",
                    e);
        }
        if (e instanceof EOFException && in.firstByteNanos() == 0) {
            return new PhaseFailure(
                    Outcome.TCP_RESET, "connection closed by the peer after the HTTP request, before any response", e);
        }
        return new PhaseFailure(Outcome.HTTP_ERROR_STATUS, "malformed HTTP response: " + e.getMessage(), e);
    }

    static boolean isReset(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection reset") || message.contains("broken pipe")) {
                return true;
            }
        }
        return false;
    }

    static String decode(byte[] body, Http11.Head head) {
        Charset charset = StandardCharsets.UTF_8;
        Matcher m = CHARSET.matcher(head.headers().getOrDefault("content-type", ""));
        if (m.find()) {
            try {
                charset = Charset.forName(m.group(1));
            } catch (IllegalArgumentException ignored) {
                // unknown charset: UTF-8 with replacement still lets ASCII fingerprints match
            }
        }
        return new String(body, charset);
    }
}
