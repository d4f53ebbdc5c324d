package org.vantage.ooni.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vantage.ooni.testing.OoniReplayServer;

/** The client against a local server replaying OONI's recorded answers. */
class OoniApiClientTest {

    private OoniReplayServer ooni;
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        ooni = OoniReplayServer.start();
    }

    @AfterEach
    void stop() {
        ooni.close();
    }

    private OoniApiClient client(URI base, int maxAttempts) {
        return new OoniApiClient(
                new OoniApiClient.Config(
                        base,
                        OoniApiClient.userAgent("ops@example.org"),
                        Duration.ofSeconds(5),
                        new RetryPolicy(maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(2)),
                        2 << 20),
                new ApiEvents() {
                    @Override
                    public void retrying(String endpoint, String cause, Duration delay) {
                        events.add("retry " + endpoint + " " + cause);
                    }

                    @Override
                    public void failed(String endpoint, String kind) {
                        events.add("failed " + endpoint + " " + kind);
                    }
                },
                slept::add,
                () -> 0.5);
    }

    private ListQuery lastHour(int limit) {
        Instant now = Instant.now();
        return new ListQuery("PK", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), List.of(), limit);
    }

    @Test
    void listsEveryRowOnceAcrossTwoPagesByFollowingNextUrlOnTheConfiguredHost() throws Exception {
        OoniApiClient client = client(ooni.url(), 3);
        ListPage first = client.list(lastHour(50));
        assertThat(first.rows()).hasSize(50);
        // OONI's next_url names api.ooni.io; the client follows its path and query on the configured base
        assertThat(first.next())
                .hasValueSatisfying(u -> assertThat(u.toString())
                        .startsWith(ooni.url() + "/api/v1/measurements?")
                        .contains("offset=50"));
        ListPage second = client.listPage(first.next().get());
        assertThat(second.rows()).hasSize(ooni.uids().size() - 50).isNotEmpty();
        assertThat(second.next()).isEmpty();
        List<String> all = new ArrayList<>();
        first.rows().forEach(r -> all.add(r.measurementUid()));
        second.rows().forEach(r -> all.add(r.measurementUid()));
        assertThat(all).containsExactlyElementsOf(ooni.uids());
        assertThat(first.rows().get(0).startTime())
                .isBeforeOrEqualTo(second.rows().get(0).startTime());
        assertThat(first.rows().get(0).probeAsn()).startsWith("AS");
    }

    @Test
    void sendsItsOwnUserAgentNeverOkhttps() throws Exception {
        client(ooni.url(), 1).list(lastHour(10));
        assertThat(ooni.userAgents())
                .singleElement()
                .asString()
                .startsWith("vantage-ooni-bridge/")
                .endsWith("(+ops@example.org)")
                .doesNotStartWith("okhttp");
    }

    @Test
    void quotaExceededIsWaitedOutThenThePageComes() throws Exception {
        ooni.failNextList(429, 429);
        ListPage page = client(ooni.url(), 5).list(lastHour(10));
        assertThat(page.rows()).hasSize(10);
        assertThat(events).containsExactly("retry list 429", "retry list 429");
        // full jitter at 0.5 of 100 ms, then of 200 ms
        assertThat(slept).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void serverErrorsOfABodyAreRetriedThenTheBodyComes() throws Exception {
        String uid = ooni.uids().get(3);
        ooni.failBody(uid, 502, 503);
        RawBody body = client(ooni.url(), 5).fetchRaw(uid);
        assertThat(body).isInstanceOf(RawBody.Body.class);
        assertThat(events).containsExactly("retry raw_measurement 5xx", "retry raw_measurement 5xx");
    }

    @Test
    void otherClientErrorsAreNeverRetried() throws Exception {
        String uid = ooni.uids().get(4);
        ooni.failBody(uid, 404);
        RawBody body = client(ooni.url(), 5).fetchRaw(uid);
        assertThat(body).isInstanceOfSatisfying(RawBody.Skipped.class, s -> {
            assertThat(s.reason()).isEqualTo(FetchSkip.REJECTED);
            assertThat(s.detail()).contains("HTTP 404");
        });
        assertThat(slept).isEmpty();

        ooni.failNextList(400);
        OoniApiException e = catchThrowableOfType(
                OoniApiException.class, () -> client(ooni.url(), 5).list(lastHour(10)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("HTTP 400").contains(ooni.url() + "/api/v1/measurements?probe_cc=PK");
        assertThat(slept).isEmpty();
    }

    @Test
    void retriesAreBoundedAndTheErrorNamesTheUrl() {
        ooni.failNextList(503, 503, 503, 503);
        OoniApiException e = catchThrowableOfType(
                OoniApiException.class, () -> client(ooni.url(), 3).list(lastHour(10)));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage())
                .contains("kept failing")
                .contains("after 3 attempt(s)")
                .contains("/api/v1/measurements");
        assertThat(slept).hasSize(2);
    }

    @Test
    void anUnreachableApiIsAClearErrorNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port);
        OoniApiException e = catchThrowableOfType(
                OoniApiException.class, () -> client(dead, 2).list(lastHour(10)));
        assertThat(e.status()).isEqualTo(-1);
        assertThat(e.getMessage())
                .contains("cannot reach the OONI API at http://127.0.0.1:" + port + "/api/v1/measurements")
                .contains("after 2 attempt(s)")
                .contains("--api-url");
        assertThat(events).containsExactly("retry list connection", "failed list unreachable");
    }

    @Test
    void unusableBodiesAreTypedSkips() throws Exception {
        List<String> uids = ooni.uids();
        ooni.overrideBody(uids.get(0), "{\"test_name\": \"whatsapp\", \"probe_cc\": ".getBytes(StandardCharsets.UTF_8));
        ooni.overrideBody(uids.get(1), "{}".getBytes(StandardCharsets.UTF_8));
        ooni.overrideBody(
                uids.get(2),
                ("{\"test_name\":\"web_connectivity\",\"pad\":\"" + "x".repeat(3 << 20) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        OoniApiClient client = client(ooni.url(), 1);
        assertThat(((RawBody.Skipped) client.fetchRaw(uids.get(0))).reason()).isEqualTo(FetchSkip.MALFORMED_JSON);
        assertThat(((RawBody.Skipped) client.fetchRaw(uids.get(1))).reason()).isEqualTo(FetchSkip.EMPTY_BODY);
        assertThat(((RawBody.Skipped) client.fetchRaw(uids.get(2))).reason()).isEqualTo(FetchSkip.ABSURD_BODY);
        assertThat(((RawBody.Skipped) client.fetchRaw("20260711000000.000000_PK_whatsapp_0000000000000000")).reason())
                .isEqualTo(FetchSkip.EMPTY_BODY);
        assertThat(client.fetchRaw(uids.get(3))).isInstanceOf(RawBody.Body.class);
    }
}
