package org.vantage.probe.measure;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Socket input bounded by a phase deadline (each read waits at most the time left, so a server
 * that trickles one byte at a time cannot stretch a phase beyond its budget), and remembering when
 * the first byte arrived for {@code first_byte_ms}.
 */
final class DeadlineInputStream extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private Deadline deadline;
    private long firstByteNanos;
    private long bytesRead;

    DeadlineInputStream(Socket socket, Deadline deadline) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadline = deadline;
    }

    void setDeadline(Deadline deadline) {
        this.deadline = deadline;
    }

    /** {@link System#nanoTime()} when the first byte arrived, or 0 when none has. */
    long firstByteNanos() {
        return firstByteNanos;
    }

    long bytesRead() {
        return bytesRead;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int remaining = deadline.remainingMillis();
        if (remaining == 0) {
            throw new SocketTimeoutException("phase deadline passed");
        }
        socket.setSoTimeout(remaining);
        int n = in.read(b, off, len);
        if (n > 0) {
            if (firstByteNanos == 0) {
                firstByteNanos = System.nanoTime();
            }
            bytesRead += n;
        }
        return n;
    }
}
