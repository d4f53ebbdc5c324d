package org.vantage.api.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.fixture.FleetProducer;
import org.vantage.schema.Outcome;
import org.vantage.stack.LocalStack;

/**
 * The history behind the dashboard's charts, end to end on a real broker: the processor judges a simulated
 * Pakistan fleet (Twitter blocked from minute 3), {@code GET /api/countries/PK/history} serves every network's
 * windows with their per-platform verdicts, the incident the block opens gets a timeline from the incident log,
 * and a history built afresh from {@code vantage.network-status.v1} (as a restarted or second instance builds
 * it) serves the same windows.
 */
@Tag("integration")
class StatusHistoryEndToEndTest {
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void theHistoryServesEveryNetworksWindowsAndIsRebuiltFromTheStatusTopic(@TempDir Path dir) throws Exception {
        try (LocalStack stack =
                LocalStack.builder().dataDir(dir.resolve("stack")).start()) {
            Map<String, String> env = new HashMap<>();
            env.put("VANTAGE_BOOTSTRAP_SERVERS", stack.bootstrapServers());
            env.put("VANTAGE_SCHEMA_REGISTRY_URL", stack.registryUrl());
            env.put(
                    "VANTAGE_APPLICATION_ID",
                    "vantage-history-" + UUID.randomUUID().toString().substring(0, 8));
            env.put("VANTAGE_STATE_DIR", dir.resolve("state").toString());
            env.put("VANTAGE_HTTP_PORT", "0");
            env.put("VANTAGE_COMMIT_INTERVAL", "100ms");
            ProcessorConfig config = ProcessorConfig.fromEnv(env);
            Instant start = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
            Fleet fleet = Fleet.of(Fleet.pakistan(), 3, start);

            JsonNode served;
            try (DetectionService service = DetectionService.start(config, "127.0.0.1")) {
                FleetProducer.produce(
                        stack,
                        fleet,
                        Fleet.when(
                                (p, platform, minute) -> minute >= 3 && platform.equals("twitter"),
                                Fleet.always(Outcome.TLS_RESET, 150),
                                Fleet.healthy(0.0)),
                        0,
                        8); // a window is judged once the stream is a grace period past its end: minutes 0-5 here
                served = awaitWindows(service.httpPort(), 6);

                JsonNode status = get(service.httpPort(), "/api/countries/PK/status");
                assertThat(status.get("networks"))
                        .allSatisfy(
                                n -> assertThat(n.get("userShare").isNumber()).isTrue());

                // the incident log (read from vantage.incidents.v1) describes the incident the block opened
                JsonNode timeline = awaitTimeline(service.httpPort());
                assertThat(timeline.get("classification").asText()).isEqualTo("PLATFORM_RESTRICTION");
                assertThat(timeline.get("platforms").toString()).isEqualTo("[\"twitter\"]");
                assertThat(timeline.get("strips")).hasSize(7);
            }

            assertThat(served.get("retentionSeconds").asLong()).isEqualTo(6 * 3600);
            assertThat(served.get("networks")).hasSize(7);
            JsonNode jazz = network(served, 45669);
            assertThat(jazz.get("name").asText()).startsWith("Jazz");
            assertThat(jazz.get("userShare").isNumber()).isTrue();
            List<Long> starts = new ArrayList<>();
            jazz.get("points").forEach(p -> starts.add(p.get("windowStart").asLong()));
            assertThat(starts).isSorted().startsWith(fleet.minuteStart(0)).contains(fleet.minuteStart(5));
            for (JsonNode p : jazz.get("points")) {
                int minute = (int) ((p.get("windowStart").asLong() - fleet.minuteStart(0)) / 60_000);
                JsonNode twitter = platform(p, "twitter");
                assertThat(twitter.get("failureRate").asDouble())
                        .as("twitter at minute %d", minute)
                        .isEqualTo(minute >= 3 ? 1.0 : 0.0);
                assertThat(platform(p, "control").get("state").asText()).isEqualTo("OK");
            }

            // a fresh history read from the topic, as a restarted instance reads it on start
            StatusHistory rebuilt = new StatusHistory(Duration.ofHours(6), 20_000);
            try (StatusHistoryFeed feed = new StatusHistoryFeed(stack.clientConfig(), rebuilt).start()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!feed.caughtUp() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(feed.caughtUp()).isTrue();
            }
            List<StatusHistory.Point> jazzRebuilt =
                    rebuilt.country("PK").stream().filter(p -> p.asn() == 45669).toList();
            assertThat(jazzRebuilt).extracting(StatusHistory.Point::windowStart).containsSubsequence(starts);
        }
    }

    /**
     * Polls until an incident is listed and the incident log serves its timeline. On a fresh start the first incident
     * waits for the country stage's first wait and check (20 s + 15 s) and then the global stage's first wait (20 s)
     * and check: about a minute, hence two.
     */
    JsonNode awaitTimeline(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = "no incident listed";
        while (System.nanoTime() < deadline) {
            JsonNode incidents = get(port, "/api/incidents?country=PK").get("incidents");
            if (!incidents.isEmpty()) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/incidents/"
                                        + incidents.get(0).get("incidentId").asText() + "/timeline"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return json.readTree(r.body());
                }
                last = r.statusCode() + " " + r.body();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no incident timeline within 120 s: " + last);
    }

    /** Polls the history until Jazz has {@code windows} windows (the detector judges asynchronously). */
    JsonNode awaitWindows(int port, int windows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode body;
        do {
            body = get(port, "/api/countries/PK/history");
            JsonNode jazz = network(body, 45669);
            if (jazz != null
                    && jazz.get("points").size() >= windows
                    && body.get("networks").size() == 7) {
                return body;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Jazz's history did not reach " + windows + " windows of 7 networks in 90 s: " + body);
    }

    JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    static JsonNode network(JsonNode history, long asn) {
        for (JsonNode n : history.get("networks")) {
            if (n.get("asn").asLong() == asn) {
                return n;
            }
        }
        return null;
    }

    static JsonNode platform(JsonNode point, String name) {
        for (JsonNode v : point.get("platforms")) {
            if (v.get("platform").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no " + name + " in " + point);
    }
}
