package org.vantage.probe.measure;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.vantage.schema.Outcome;

/**
 * Throughput: a fresh connection to the target's addresses (TCP and TLS as in the main phases),
 * a GET of the throughput URL, and the body read until the configured size, the end of the body,
 * or the phase timeout, whichever comes first. The rate is body bytes divided by the time from
 * the first response byte to the last byte read (or to the timeout), with 1 ms resolution. A
 * stalled or trickling transfer is not a failure here: it yields a low rate, which the caller
 * compares with the floor. A transfer that is not a 2xx, or that ends by itself below
 * {@link #MIN_TIMED_BYTES}, gives no rate.
 */
final class ThroughputPhase {
    /** A transfer that ends on its own below this size (and below the requested size) is not timed. */
    static final long MIN_TIMED_BYTES = 16 * 1024;

    private final TcpPhase tcp;
    private final TlsPhase tls;
    private final Duration timeout;
    private final HttpStatusPolicy statusPolicy;
    private final String userAgent;

    ThroughputPhase(TcpPhase tcp, TlsPhase tls, Duration timeout, HttpStatusPolicy statusPolicy, String userAgent) {
        this.tcp = tcp;
        this.tls = tls;
        this.timeout = timeout;
        this.statusPolicy = statusPolicy;
        this.userAgent = userAgent;
    }

    /** @return bytes per second, or empty when there was no transfer to time (non-2xx, empty body) */
    OptionalDouble measure(List<InetAddress> addresses, MeasurementTarget target) throws PhaseFailure {
        Socket socket = null;
        try {
            socket = tcp.connect(addresses, target.port());
            if (target.tls()) {
                socket = tls.handshake(socket, target.host());
            }
            return transfer(socket, target.throughputUrl(), target);
        } catch (PhaseFailure f) {
            throw new PhaseFailure(f.outcome(), "throughput transfer: " + f.detail(), f.getCause());
        } finally {
            TcpPhase.closeQuietly(socket);
        }
    }

    private OptionalDouble transfer(Socket socket, URI url, MeasurementTarget target) throws PhaseFailure {
        Deadline deadline = Deadline.after(timeout);
        DeadlineInputStream in;
        try {
            in = new DeadlineInputStream(socket, deadline);
            Http11.writeGet(socket.getOutputStream(), url, target.host(), target.port(), target.tls(), userAgent);
        } catch (IOException e) {
            throw new PhaseFailure(
                    Outcome.TCP_RESET, "connection failed while sending the request: " + e.getMessage(), e);
        }
        BufferedInputStream buffered = new BufferedInputStream(in, 16 * 1024);
        Http11.Head head;
        try {
            head = Http11.readHead(buffered);
        } catch (SocketTimeoutException e) {
            throw new PhaseFailure(Outcome.HTTP_TIMEOUT, "no response head within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw HttpPhase.isReset(e)
                    ? new PhaseFailure(Outcome.TCP_RESET, "connection reset before the response", e)
                    : new PhaseFailure(Outcome.HTTP_ERROR_STATUS, "malformed response: " + e.getMessage(), e);
        }
        if (statusPolicy.isError(head.status())) {
            throw new PhaseFailure(Outcome.HTTP_ERROR_STATUS, "HTTP status " + head.status() + " for " + url);
        }
        if (head.status() / 100 != 2) {
            // A redirect or a tolerated 4xx is not the transfer: timing it would measure a tiny error page.
            return OptionalDouble.empty();
        }
        long start = in.firstByteNanos();
        long bytes;
        long end;
        boolean endedByItself; // the body ended (or hit the requested size) before the budget ran out
        try {
            bytes = Http11.readBody(buffered, head, target.throughputBytes(), null, 0);
            end = System.nanoTime();
            endedByItself = true;
        } catch (SocketTimeoutException e) {
            // The budget ran out: the rate is what arrived during the whole budget.
            end = System.nanoTime();
            bytes = Math.max(0, in.bytesRead() - head.raw().length());
            endedByItself = false;
        } catch (IOException e) {
            if (HttpPhase.isReset(e)) {
                throw new PhaseFailure(
                        Outcome.TCP_RESET,
                        "connection reset after " + (in.bytesRead() - head.raw().length()) + " body bytes",
                        e);
            }
            end = System.nanoTime();
            bytes = Math.max(0, in.bytesRead() - head.raw().length());
            endedByItself = true;
        }
        if (endedByItself && bytes < target.throughputBytes() && bytes < MIN_TIMED_BYTES) {
            // A body that small is over in one round trip: its "rate" would measure latency, not capacity.
            return OptionalDouble.empty();
        }
        long nanos = Math.max(1_000_000L, end - start);
        return OptionalDouble.of(bytes * 1e9 / nanos);
    }
}
