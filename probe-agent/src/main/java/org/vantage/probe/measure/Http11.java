package org.vantage.probe.measure;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately minimal HTTP/1.1 client over an already connected (and, for https, already
 * handshaken) socket: one GET with {@code Connection: close}, status line and headers, and a body
 * read with Content-Length, chunked or read-to-EOF framing, capped. Written by hand so every phase
 * timing is exact (no hidden connection pool, DNS lookup or TLS handshake inside a library) and so
 * the request goes over the very connection whose TCP and TLS phases were measured.
 */
final class Http11 {
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private Http11() {}

    /** Status line and headers (names lower-cased, later duplicates win) and the raw head text. */
    record Head(int status, String statusLine, Map<String, String> headers, String raw) {}

    static void writeGet(OutputStream out, URI url, String host, int port, boolean tls, String userAgent)
            throws IOException {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        boolean defaultPort = (tls && port == 443) || (!tls && port == 80);
        String hostHeader = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + (defaultPort ? "" : ":" + port) + "\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Reads the status line and headers. Interim 1xx responses are skipped.
     *
     * @throws EOFException when the connection ends before a complete head
     * @throws IOException on a malformed head (message says why) or socket error/timeout
     */
    static Head readHead(InputStream in) throws IOException {
        while (true) {
            Head head = readOneHead(in);
            if (head.status() >= 200 || head.status() == 101) {
                return head;
            }
        }
    }

    private static Head readOneHead(InputStream in) throws IOException {
        StringBuilder raw = new StringBuilder();
        String statusLine = readLine(in, raw, true);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: '" + abbreviate(statusLine) + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("invalid HTTP status in '" + abbreviate(statusLine) + "'");
        }
        if (status < 100 || status > 999) {
            throw new IOException("invalid HTTP status " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = readLine(in, raw, false);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return new Head(status, statusLine, headers, raw.toString());
    }

    private static String readLine(InputStream in, StringBuilder raw, boolean first) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(
                        first && raw.length() == 0 && line.length() == 0
                                ? "connection closed before any response byte"
                                : "connection closed inside the HTTP response head");
            }
            raw.append((char) b);
            if (raw.length() > MAX_HEAD_BYTES) {
                throw new IOException("HTTP response head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                int len = line.length();
                return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    /**
     * Reads the body, counting at most {@code cap} bytes (then stops reading: the connection is
     * closed by the caller). Bytes are copied to {@code keep} up to its own limit when non-null.
     *
     * @return body bytes read (at most {@code cap})
     */
    static long readBody(InputStream in, Head head, long cap, ByteArrayOutputStream keep, int keepLimit)
            throws IOException {
        int status = head.status();
        if (status == 204 || status == 304 || status < 200) {
            return 0;
        }
        String transferEncoding =
                head.headers().getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        BodySink sink = new BodySink(cap, keep, keepLimit);
        if (transferEncoding.contains("chunked")) {
            readChunked(in, sink);
        } else if (head.headers().containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(head.headers().get("content-length").trim());
            } catch (NumberFormatException e) {
                throw new IOException(
                        "invalid Content-Length '" + head.headers().get("content-length") + "'");
            }
            copy(in, sink, length);
        } else {
            copy(in, sink, Long.MAX_VALUE);
        }
        return sink.count;
    }

    private static void readChunked(InputStream in, BodySink sink) throws IOException {
        StringBuilder scratch = new StringBuilder();
        while (!sink.full()) {
            String sizeLine = readLine(in, scratch, false);
            scratch.setLength(0);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("invalid chunk size '" + abbreviate(sizeLine) + "'");
            }
            if (size == 0) {
                return; // trailers are not needed: the connection is closed anyway
            }
            if (!copy(in, sink, size)) {
                return;
            }
            readLine(in, scratch, false); // CRLF after the chunk data
            scratch.setLength(0);
        }
    }

    /** @return true when {@code length} bytes were consumed, false at EOF or when the cap is hit */
    private static boolean copy(InputStream in, BodySink sink, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = length;
        while (left > 0 && !sink.full()) {
            int want = (int) Math.min(buffer.length, Math.min(left, sink.room()));
            int n = in.read(buffer, 0, want);
            if (n < 0) {
                return false; // EOF ends an unframed body; a short framed body is kept as received
            }
            sink.accept(buffer, n);
            left -= n;
        }
        return left == 0;
    }

    private static final class BodySink {
        private final long cap;
        private final ByteArrayOutputStream keep;
        private final int keepLimit;
        private long count;

        BodySink(long cap, ByteArrayOutputStream keep, int keepLimit) {
            this.cap = cap;
            this.keep = keep;
            this.keepLimit = keepLimit;
        }

        boolean full() {
            return count >= cap;
        }

        long room() {
            return cap - count;
        }

        void accept(byte[] buffer, int n) {
            count += n;
            if (keep != null && keep.size() < keepLimit) {
                keep.write(buffer, 0, Math.min(n, keepLimit - keep.size()));
            }
        }
    }

    static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
