package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The minimal HTTP/1.1 client's framing, on canned bytes. */
class Http11Test {
    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String body(String response, long cap) throws IOException {
        InputStream in = bytes(response);
        Http11.Head head = Http11.readHead(in);
        ByteArrayOutputStream keep = new ByteArrayOutputStream();
        long n = Http11.readBody(in, head, cap, keep, 1 << 20);
        assertThat(n).isEqualTo(keep.size());
        return keep.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void writesAMinimalGet() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Http11.writeGet(out, URI.create("https://x.com:8443/a/b?c=d"), "x.com", 8443, true, "probe");
        assertThat(out.toString(StandardCharsets.ISO_8859_1))
                .startsWith("GET /a/b?c=d HTTP/1.1\r\nHost: x.com:8443\r\n")
                .contains("User-Agent: probe\r\n")
                .contains("Connection: close\r\n")
                .endsWith("\r\n\r\n");
        out.reset();
        Http11.writeGet(out, URI.create("http://x.com"), "x.com", 80, false, "probe");
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).startsWith("GET / HTTP/1.1\r\nHost: x.com\r\n");
    }

    @Test
    void parsesHeadAndSkipsInterimResponses() throws IOException {
        Http11.Head head = Http11.readHead(
                bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nLocation: /x\r\nX-A: 1\r\n\r\n"));
        assertThat(head.status()).isEqualTo(302);
        assertThat(head.headers()).containsEntry("location", "/x").containsEntry("x-a", "1");
        assertThat(head.raw()).contains("Location: /x");
    }

    @Test
    void readsContentLengthChunkedAndUnframedBodies() throws IOException {
        assertThat(body("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA", 100))
                .isEqualTo("hello");
        assertThat(body(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                        100))
                .isEqualTo("hello world");
        assertThat(body("HTTP/1.0 200 OK\r\n\r\nuntil the end", 100)).isEqualTo("until the end");
        assertThat(body("HTTP/1.1 204 No Content\r\n\r\nignored", 100)).isEmpty();
    }

    @Test
    void stopsAtTheCap() throws IOException {
        assertThat(body("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 4))
                .isEqualTo("0123");
        assertThat(body(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n",
                        7))
                .isEqualTo("hellowo");
    }

    @Test
    void reportsMalformedAndTruncatedHeads() {
        assertThatThrownBy(() -> Http11.readHead(bytes("")))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("before any response byte");
        assertThatThrownBy(() -> Http11.readHead(bytes("HTTP/1.1 200 OK\r\nX: y")))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("inside the HTTP response head");
        assertThatThrownBy(() -> Http11.readHead(bytes("SSH-2.0-OpenSSH\r\n\r\n")))
                .hasMessageContaining("not an HTTP response");
        assertThatThrownBy(() -> Http11.readHead(bytes("HTTP/1.1 abc OK\r\n\r\n")))
                .hasMessageContaining("invalid HTTP status");
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 100))
                .hasMessageContaining("invalid chunk size");
    }
}
