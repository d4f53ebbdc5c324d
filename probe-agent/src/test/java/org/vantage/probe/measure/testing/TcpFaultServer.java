package org.vantage.probe.measure.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TCP listeners on 127.0.0.1 that misbehave the way middleboxes do:
 * <ul>
 *   <li>{@link #replying(String)}: answers the first bytes with a fixed reply, then closes;
 *   <li>{@link #resetting(boolean)}: accepts, optionally waits for the client's first bytes (the
 *       request a filter inspects), then closes with SO_LINGER 0, which sends an RST;
 *   <li>{@link #silent()}: accepts and reads but never writes (a TLS ClientHello or an HTTP
 *       request goes unanswered);
 *   <li>{@link #neverAccepting()}: a listener whose accept queue is full, so the kernel drops new
 *       SYNs and a connect times out (Linux drops, rather than refuses, on accept-queue overflow).
 * </ul>
 * Also {@link #closedPort()}: a port nothing listens on (connect is refused).
 */
public final class TcpFaultServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private TcpFaultServer(ServerSocket server) {
        this.server = server;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** @param afterFirstBytes wait for the client to send something before resetting */
    public static TcpFaultServer resetting(boolean afterFirstBytes) throws IOException {
        ServerSocket server = listen(50);
        TcpFaultServer fault = new TcpFaultServer(server);
        fault.startAcceptLoop("tcp-reset", socket -> {
            if (afterFirstBytes) {
                socket.setSoTimeout(2000);
                try {
                    socket.getInputStream().read(new byte[1024]);
                } catch (SocketTimeoutException ignored) {
                    // reset anyway
                }
            }
            socket.setSoLinger(true, 0);
            socket.close();
        });
        return fault;
    }

    /**
     * Answers whatever arrives first with {@code reply} and closes: e.g. a plain-HTTP error in
     * answer to a TLS ClientHello (a non-TLS service, or a middlebox speaking the wrong protocol).
     */
    public static TcpFaultServer replying(String reply) throws IOException {
        ServerSocket server = listen(50);
        TcpFaultServer fault = new TcpFaultServer(server);
        byte[] bytes = reply.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        fault.startAcceptLoop("tcp-replying", socket -> {
            try (socket) {
                socket.setSoTimeout(2000);
                socket.getInputStream().read(new byte[4096]);
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
                socket.getInputStream().read(new byte[4096]); // let the client close first
            } catch (SocketTimeoutException ignored) {
                // client never closed: close anyway
            }
        });
        return fault;
    }

    public static TcpFaultServer silent() throws IOException {
        ServerSocket server = listen(50);
        TcpFaultServer fault = new TcpFaultServer(server);
        fault.startAcceptLoop("tcp-silent", socket -> {
            fault.held.add(socket);
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[4096];
            Thread reader = new Thread(
                    () -> {
                        try {
                            while (in.read(sink) >= 0) {
                                // discard: never answer
                            }
                        } catch (IOException ignored) {
                            // closed
                        }
                    },
                    "tcp-silent-reader");
            reader.setDaemon(true);
            reader.start();
        });
        return fault;
    }

    /**
     * A listener with backlog 1 that never calls accept, filled with client connections until the
     * kernel starts dropping SYNs. Fails if the queue cannot be filled (not Linux-like behaviour).
     */
    public static TcpFaultServer neverAccepting() throws IOException {
        ServerSocket server = listen(1);
        TcpFaultServer fault = new TcpFaultServer(server);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        for (int i = 0; i < 32; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(address, 200);
                fault.held.add(filler);
            } catch (SocketTimeoutException e) {
                filler.close();
                return fault; // the queue is full: SYNs are being dropped
            }
        }
        fault.close();
        throw new IllegalStateException("could not fill the accept queue: SYNs are not dropped on this system");
    }

    /** A loopback port with no listener (bound once to find it, then released). */
    public static int closedPort() throws IOException {
        try (ServerSocket probe = listen(1)) {
            return probe.getLocalPort();
        }
    }

    private interface SocketAction {
        void accept(Socket socket) throws IOException;
    }

    private void startAcceptLoop(String name, SocketAction action) {
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket socket = server.accept();
                            try {
                                action.accept(socket);
                            } catch (IOException e) {
                                socket.close();
                            }
                        } catch (IOException e) {
                            return; // closed
                        }
                    }
                },
                name + "-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    private static ServerSocket listen(int backlog) throws IOException {
        return new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
    }

    @Override
    public void close() throws IOException {
        server.close();
        List<Socket> sockets = new ArrayList<>(held);
        for (Socket s : sockets) {
            s.close();
        }
    }
}
