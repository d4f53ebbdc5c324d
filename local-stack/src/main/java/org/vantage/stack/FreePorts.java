package org.vantage.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free TCP ports on the loopback interface by binding port 0 and releasing it. Another process may
 * take the port between release and use, so callers that bind later must be ready to retry.
 */
final class FreePorts {

    static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {}

    /** {@code count} different free ports: all are held open until each is chosen, so none repeats. */
    static int[] pickDistinct(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free ports on " + LOOPBACK, e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted anything does not fail in practice
                }
            }
        }
    }

    /** A fixed port as given by the user, checked for range. */
    static int requireValid(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (pick a free one) or 1..65535, got " + port);
        }
        return port;
    }
}
