package org.vantage.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender against a real loopback HTTP server: retries, give-up rules and the headers it sends. */
class WebhookSenderTest {

    static final String SECRET = "sender-test-secret-123";
    static final byte[] BODY = "{\"alert_id\":\"PK-1#1\"}".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    private final WebhookSender sender = new WebhookSender(
            new WebhookSignature(SECRET),
            new RetrySchedule(4, Duration.ofMillis(10), 2.0, Duration.ofMillis(40)),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Clock.systemUTC());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/flaky", ex -> {
            headers.add(Map.copyOf(ex.getRequestHeaders()));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(calls.incrementAndGet() <= 2 ? 503 : 204, -1);
            ex.close();
        });
        server.createContext("/refuses", ex -> {
            calls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        server.createContext("/down", ex -> {
            calls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void serverErrorsAreRetriedUntilAccepted() throws Exception {
        WebhookSender.Result r = sender.deliver(url("/flaky"), "PK-1#1", "OPENED", BODY);
        assertThat(r.delivered()).isTrue();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(calls).hasValue(3);
        Map<String, List<String>> last = headers.get(2);
        assertThat(last.get("X-vantage-alert-id")).containsExactly("PK-1#1");
        assertThat(last.get("Idempotency-key")).containsExactly("PK-1#1");
        assertThat(last.get("X-vantage-event")).containsExactly("OPENED");
        assertThat(last.get("X-vantage-delivery-attempt")).containsExactly("3");
        assertThat(last.get("Content-type")).containsExactly("application/json");
        String ts = last.get("X-vantage-timestamp").get(0);
        String sig = last.get("X-vantage-signature").get(0);
        assertThat(new WebhookSignature(SECRET).verify(ts, sig, BODY, Instant.now(), Duration.ofMinutes(5)))
                .isTrue();
    }

    @Test
    void clientErrorsEndTheDeliveryAtOnce() throws Exception {
        WebhookSender.Result r = sender.deliver(url("/refuses"), "PK-1#1", "OPENED", BODY);
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.detail()).contains("HTTP 401").contains("not retried");
        assertThat(calls).hasValue(1);
    }

    @Test
    void persistentServerErrorsExhaustTheSchedule() throws Exception {
        WebhookSender.Result r = sender.deliver(url("/down"), "PK-1#1", "OPENED", BODY);
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(r.detail()).isEqualTo("HTTP 500 after 4 attempts");
        assertThat(calls).hasValue(4);
    }

    @Test
    void refusedConnectionsAreRetriedThenReported() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        WebhookSender.Result r =
                sender.deliver(URI.create("http://127.0.0.1:" + closedPort + "/x"), "PK-1#1", "OPENED", BODY);
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(r.detail()).contains("ConnectException").endsWith("after 4 attempts");
    }
}
