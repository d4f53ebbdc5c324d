package org.vantage.probe.measure;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vantage.schema.Outcome;

/**
 * TCP layer: connects to the resolved addresses in answer order (at most {@code maxAddresses} of
 * them, each with the connect timeout) and returns the first connected socket. When every attempt
 * fails, the outcome is the first address's failure (the one a browser would have hit) and the
 * detail lists every attempt.
 */
final class TcpPhase {
    private final Duration connectTimeout;
    private final int maxAddresses;

    TcpPhase(Duration connectTimeout, int maxAddresses) {
        this.connectTimeout = connectTimeout;
        this.maxAddresses = maxAddresses;
    }

    Socket connect(List<InetAddress> addresses, int port) throws PhaseFailure {
        PhaseFailure first = null;
        List<String> attempts = new ArrayList<>();
        for (InetAddress address : addresses.subList(0, Math.min(maxAddresses, addresses.size()))) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, port), Math.toIntExact(connectTimeout.toMillis()));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                PhaseFailure failure = classify(e, address, port);
                attempts.add(failure.detail());
                if (first == null) {
                    first = failure;
                }
            }
        }
        if (first == null) {
            throw new PhaseFailure(Outcome.TCP_UNREACHABLE, "no address to connect to");
        }
        if (attempts.size() == 1) {
            throw first;
        }
        throw new PhaseFailure(first.outcome(), String.join("; ", attempts), first.getCause());
    }

    /** Maps a failed connect to its outcome. Pure, so it is unit-tested with synthetic exceptions. */
    static PhaseFailure classify(IOException e, InetAddress address, int port) {
        String target = hostPort(address, port);
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException) {
            return new PhaseFailure(Outcome.TCP_TIMEOUT, "connect to " + target + " timed out", e);
        }
        if (e instanceof NoRouteToHostException || message.contains("unreachable") || message.contains("no route")) {
            return new PhaseFailure(Outcome.TCP_UNREACHABLE, "connect to " + target + ": " + e.getMessage(), e);
        }
        if (message.contains("reset")) {
            return new PhaseFailure(Outcome.TCP_RESET, "connect to " + target + ": connection reset", e);
        }
        if (e instanceof ConnectException && message.contains("refused")) {
            return new PhaseFailure(Outcome.TCP_REFUSED, "connect to " + target + ": connection refused", e);
        }
        if (message.contains("timed out")) {
            return new PhaseFailure(Outcome.TCP_TIMEOUT, "connect to " + target + " timed out", e);
        }
        return new PhaseFailure(Outcome.TCP_UNREACHABLE, "connect to " + target + ": " + e, e);
    }

    static String hostPort(InetAddress address, int port) {
        String ip = address.getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing useful to do: the socket is being abandoned
        }
    }
}
