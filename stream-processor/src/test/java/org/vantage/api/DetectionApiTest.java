package org.vantage.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vantage.api.fleet.FleetFeed;
import org.vantage.api.history.StatusHistory;
import org.vantage.api.incidents.IncidentLog;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;

/** The HTTP API on a real socket, answering from the stores of a topology fed with a nationwide block. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionApiTest {
    static final Instant START = Instant.parse("2024-01-20T13:20:00Z");
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
    final AlertBroadcaster broadcaster = new AlertBroadcaster();
    DetectionHarness h;
    DetectionApi api;
    PrometheusMeterRegistry registry;

    @BeforeAll
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        h = new DetectionHarness(START, registry);
        Fleet fleet = Fleet.of(Fleet.pakistan(), 5, START);
        h.reference(fleet.networks());
        h.run(
                fleet,
                0,
                8,
                Fleet.when(
                        (p, platform, minute) -> minute >= 4 && Fleet.BLOCKED_2024.contains(platform),
                        Fleet.always(Outcome.TLS_RESET, 100),
                        Fleet.healthy(0)));
        StoreAccess stores = h.stores();
        // what the history and incident-log feeds read from the status and incidents topics
        StatusHistory history = new StatusHistory(Duration.ofHours(6), 10_000);
        h.statuses().forEach(history::add);
        IncidentLog incidents = new IncidentLog(100);
        h.alerts().forEach(incidents::add);
        api = new DetectionApi(
                        stores,
                        state::get,
                        registry,
                        broadcaster,
                        () -> new FleetFeed.Snapshot(List.of(), Instant.now(), Map.of(), Map.of()),
                        org.vantage.detect.config.DetectionThresholds.defaults().national(),
                        history,
                        incidents,
                        Instances.LOCAL)
                .start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        api.close();
        h.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void countryStatusShowsEachNetworkWithItsVerdictsAndTheOpenIncident() throws Exception {
        HttpResponse<String> r = get("/api/countries/PK/status");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("networks")).hasSize(7);
        JsonNode jazz = Stream.of(json.treeToValue(body.get("networks"), JsonNode[].class))
                .filter(n -> n.get("asn").asLong() == 45669)
                .findFirst()
                .orElseThrow();
        assertThat(jazz.get("name").asText()).isEqualTo("Jazz (Pakistan Mobile Communications Ltd)");
        assertThat(jazz.get("platforms").toString()).contains("\"platform\":\"twitter\"", "\"state\":\"DISRUPTED\"");
        assertThat(body.get("openIncidents"))
                .singleElement()
                .satisfies(i -> assertThat(i.get("headline").asText())
                        .startsWith("X/Twitter, Facebook, Instagram and YouTube restricted nationwide in PK"));

        assertThat(get("/api/countries/pakistan/status").statusCode()).isEqualTo(400);
    }

    @Test
    void statusGivesEachNetworksShareOfTheCountrysUsers() throws Exception {
        JsonNode body = json.readTree(get("/api/countries/PK/status").body());
        assertThat(body.get("networks"))
                .allSatisfy(n -> assertThat(n.get("userShare").asDouble()).isBetween(0.001, 1.0));
    }

    @Test
    void historyServesEveryNetworksWindowsOldestFirstWithPerPlatformVerdicts() throws Exception {
        JsonNode body = json.readTree(get("/api/countries/PK/history").body());
        assertThat(body.get("retentionSeconds").asLong()).isEqualTo(6 * 3600);
        assertThat(body.get("networks")).hasSize(7);
        JsonNode jazz = Stream.of(json.treeToValue(body.get("networks"), JsonNode[].class))
                .filter(n -> n.get("asn").asLong() == 45669)
                .findFirst()
                .orElseThrow();
        assertThat(jazz.get("name").asText()).startsWith("Jazz");
        List<Long> starts = new ArrayList<>();
        List<String> twitter = new ArrayList<>();
        for (JsonNode p : jazz.get("points")) {
            starts.add(p.get("windowStart").asLong());
            p.get("platforms").forEach(v -> {
                if (v.get("platform").asText().equals("twitter")) {
                    twitter.add(v.get("state").asText());
                }
            });
        }
        assertThat(starts).isSorted().hasSizeGreaterThanOrEqualTo(6).first().isEqualTo(START.toEpochMilli());
        assertThat(twitter).startsWith("OK", "OK", "OK", "OK").contains("DISRUPTED");
        assertThat(json.readTree(get("/api/countries/IN/history").body()).get("networks"))
                .isEmpty();
        assertThat(get("/api/countries/pk/history").statusCode()).isEqualTo(400);
    }

    @Test
    void theIncidentsTimelineHasAStripPerNetworkWithTheBlockAndTheEvidence() throws Exception {
        String id = json.readTree(get("/api/incidents?country=PK").body())
                .get("incidents")
                .get(0)
                .get("incidentId")
                .asText();
        HttpResponse<String> r = get("/api/incidents/" + id + "/timeline");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode t = json.readTree(r.body());
        assertThat(t.get("classification").asText()).isEqualTo("PLATFORM_RESTRICTION");
        assertThat(t.get("status").asText()).isEqualTo("OPEN");
        assertThat(t.get("strips")).hasSize(7).allSatisfy(strip -> {
            assertThat(strip.get("affected").asBoolean()).isTrue();
            List<String> states = new ArrayList<>();
            strip.get("cells").forEach(c -> states.add(c.get("state").asText()));
            // the onset: fine windows first, then the block
            assertThat(states).startsWith("OK").contains("DISRUPTED");
            assertThat(states.indexOf("DISRUPTED")).isGreaterThan(states.lastIndexOf("OK") - states.size());
        });
        assertThat(t.get("techniques").get(0).get("technique").asText()).isEqualTo("TLS_SNI_FILTERING");
        assertThat(t.get("sampleMeasurementIds")).isNotEmpty();
        assertThat(t.get("from").asLong()).isEqualTo(t.get("startTime").asLong() - 30 * 60_000);

        assertThat(get("/api/incidents/PK-nonexistent/timeline").statusCode()).isEqualTo(404);
    }

    @Test
    void countriesGiveEachCountryAtAGlanceWithItsOpenIncident() throws Exception {
        JsonNode body = json.readTree(get("/api/countries").body());
        assertThat(body.get("minProbes").asInt()).isEqualTo(3);
        assertThat(body.get("countries")).singleElement().satisfies(pk -> {
            assertThat(pk.get("country").asText()).isEqualTo("PK");
            assertThat(pk.get("networksWatched").asInt()).isEqualTo(7);
            assertThat(pk.get("openIncidents").toString()).isEqualTo("[\"PLATFORM_RESTRICTION\"]");
            assertThat(Instant.parse(pk.get("lastWindowEnd").asText())).isAfter(START.plus(Duration.ofMinutes(5)));
        });
    }

    @Test
    void incidentsListsTheOpenIncidentWithEvidence() throws Exception {
        JsonNode body = json.readTree(get("/api/incidents?country=PK").body());
        assertThat(body.get("incidents")).singleElement().satisfies(i -> {
            assertThat(i.get("status").asText()).isEqualTo("OPEN");
            assertThat(i.get("evidence").get("classification").asText()).isEqualTo("PLATFORM_RESTRICTION");
            assertThat(i.get("evidence").get("networks")).hasSize(7);
        });
        assertThat(json.readTree(get("/api/incidents?country=IN").body()).get("incidents"))
                .isEmpty();
    }

    @Test
    void healthFollowsTheStreamsStateAndMetricsArePrometheusText() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        state.set(KafkaStreams.State.ERROR);
        HttpResponse<String> down = get("/health");
        state.set(KafkaStreams.State.RUNNING);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"streams\":\"ERROR\"");

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains(
                        "vantage_measurements_processed_total",
                        "vantage_alerts_total",
                        "classification=\"PLATFORM_RESTRICTION\"",
                        "vantage_detection_lag_seconds");
    }

    @Test
    void alertsAreStreamedAsServerSentEvents() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/alerts/stream"))
                        .header("Accept", "text/event-stream")
                        .build(), // as a browser's EventSource sends it
                HttpResponse.BodyHandlers.ofLines());
        stream.thenAccept(resp -> new Thread(() -> resp.body().forEach(lines::add)).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (broadcaster.clients() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<DisruptionAlert> alerts = h.alerts();
        broadcaster.publish(alerts.get(0));

        String event = null;
        String data = null;
        while ((event == null || data == null) && System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line != null && line.startsWith("data:")) {
                data = line.substring(5).trim();
            }
        }
        assertThat(event).isEqualTo("alert");
        assertThat(json.readTree(data).get("incident_id").asText())
                .isEqualTo(alerts.get(0).getIncidentId());
        stream.cancel(true);
    }
}
