package org.vantage.probe.measure.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SNI-filtering middlebox on 127.0.0.1: it reads each client's ClientHello, and when the SNI
 * is one of the blocked names it resets (or, with {@link Action#CLOSE}, closes) the connection
 * right after the ClientHello, as SNI filtering does; otherwise it forwards the ClientHello and then every byte both ways to
 * the upstream server (e.g. a {@link LoopbackHttpServer#https}), so allowed names work normally.
 */
public final class SniFilteringProxy implements AutoCloseable {
    /** What the middlebox does to a connection whose SNI is blocked. */
    public enum Action {
        /** RST right after the ClientHello (SO_LINGER 0). */
        RESET,
        /** An orderly close (FIN) right after the ClientHello. */
        CLOSE
    }

    private final ServerSocket server;
    private final Action action;
    private final int upstreamPort;
    private final Set<String> blocked;
    private final CopyOnWriteArrayList<Socket> open = new CopyOnWriteArrayList<>();

    private SniFilteringProxy(int upstreamPort, Action action, Set<String> blocked) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.action = action;
        this.upstreamPort = upstreamPort;
        this.blocked =
                blocked.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        Thread acceptor = new Thread(this::acceptLoop, "sni-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Resets connections whose SNI is one of {@code blockedSni}. */
    public static SniFilteringProxy start(int upstreamPort, String... blockedSni) throws IOException {
        return start(upstreamPort, Action.RESET, blockedSni);
    }

    public static SniFilteringProxy start(int upstreamPort, Action action, String... blockedSni) throws IOException {
        return new SniFilteringProxy(upstreamPort, action, Set.of(blockedSni));
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread handler = new Thread(() -> handle(client), "sni-proxy-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket client) {
        try {
            ClientHelloSni.ClientHello hello = ClientHelloSni.read(client.getInputStream());
            String sni = hello.serverName().map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
            if (blocked.contains(sni)) {
                if (action == Action.RESET) {
                    client.setSoLinger(true, 0);
                }
                client.close();
                return;
            }
            Socket upstream = new Socket();
            open.add(upstream);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 2000);
            upstream.getOutputStream().write(hello.recordBytes());
            pipe(upstream.getInputStream(), client.getOutputStream(), client, upstream);
            pipe(client.getInputStream(), upstream.getOutputStream(), upstream, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void pipe(InputStream from, OutputStream to, Socket toSocket, Socket fromSocket) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try {
                        int n;
                        while ((n = from.read(buffer)) >= 0) {
                            to.write(buffer, 0, n);
                            to.flush();
                        }
                    } catch (IOException ignored) {
                        // either side closed
                    } finally {
                        closeQuietly(toSocket);
                        closeQuietly(fromSocket);
                    }
                },
                "sni-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
