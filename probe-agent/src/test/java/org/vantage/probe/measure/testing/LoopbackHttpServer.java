package org.vantage.probe.measure.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An HTTP or HTTPS server on 127.0.0.1 (random port), built on the JDK's
 * {@code com.sun.net.httpserver}, with canned responses per path: a page with a status, a blob
 * of N bytes sent at once, or a blob trickled in small pieces (a throttled link).
 */
public final class LoopbackHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackHttpServer(HttpServer server) {
        this.server = server;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    public static LoopbackHttpServer http() throws IOException {
        return new LoopbackHttpServer(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50));
    }

    /** An HTTPS server presenting {@code certificate} whatever SNI the client sends. */
    public static LoopbackHttpServer https(TestCertificates.ServerCertificate certificate) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        SSLContext context = certificate.serverContext();
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new LoopbackHttpServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Responds to {@code path} with {@code status} and a UTF-8 HTML body. */
    public LoopbackHttpServer page(String path, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return handle(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    /** Responds with {@code size} bytes, sent as fast as the socket takes them. */
    public LoopbackHttpServer blob(String path, int size) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, size);
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                for (int left = size; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, Math.min(left, chunk.length));
                }
            }
        });
    }

    /** Responds with {@code size} bytes in pieces of {@code piece} bytes every {@code interval}. */
    public LoopbackHttpServer trickle(String path, int size, int piece, Duration interval) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, size);
            byte[] chunk = new byte[piece];
            Arrays.fill(chunk, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                for (int left = size; left > 0; left -= piece) {
                    out.write(chunk, 0, Math.min(left, piece));
                    out.flush();
                    Thread.sleep(interval.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // server closing
            }
        });
    }

    private LoopbackHttpServer handle(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (HttpExchange ex = exchange) {
                exchange.getRequestBody().readAllBytes();
                handler.handle(ex);
            } catch (IOException e) {
                // client went away (e.g. stopped reading at its cap): nothing to do
            }
        });
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
