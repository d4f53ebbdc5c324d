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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vantage.api.fleet.FleetFeed;
import org.vantage.api.history.StatusHistory;
import org.vantage.api.incidents.IncidentLog;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.fixture.OoniLikeFleet;
import org.vantage.schema.Outcome;

/** The country status says which source sees each network: own probes, OONI, or both. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourceMixApiTest {
    static final Instant START = Instant.parse("2024-01-20T12:00:00Z");
    static final Set<String> BLOCKED = Set.of("twitter", "facebook", "instagram", "youtube");
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    DetectionHarness h;
    DetectionApi api;

    @BeforeAll
    void start() {
        h = new DetectionHarness(START);
        List<Fleet.Network> pk = Fleet.pakistan();
        h.reference(pk);
        // own probes on the three mobile networks, OONI's volunteers on the fixed ones; the same block on both
        Fleet own = Fleet.of(pk.subList(0, 3), 5, START);
        OoniLikeFleet ooni = new OoniLikeFleet(pk.subList(3, pk.size()), START, 6, 7);
        OoniLikeFleet.Block block = new OoniLikeFleet.Block(BLOCKED, 100, 200, Outcome.TLS_RESET);
        Fleet.Conditions conditions = Fleet.when(
                (p, platform, minute) -> BLOCKED.contains(platform) && minute >= 100,
                Fleet.always(Outcome.TLS_RESET, 10_000),
                Fleet.healthy(0.02));
        for (int minute = 0; minute < 125; minute++) {
            List<Fleet.Event> events = new ArrayList<>(own.round(minute, conditions));
            events.addAll(ooni.minutes(minute, minute + 1, block, 0.05));
            events.sort(Comparator.comparingLong(Fleet.Event::time));
            h.pipe(events);
        }
        StoreAccess stores = h.stores();
        StatusHistory history = new StatusHistory(Duration.ofHours(6), 10_000);
        h.statuses().forEach(history::add);
        IncidentLog incidents = new IncidentLog(100);
        h.alerts().forEach(incidents::add);
        api = new DetectionApi(
                        stores,
                        () -> KafkaStreams.State.RUNNING,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        new AlertBroadcaster(),
                        () -> new FleetFeed.Snapshot(List.of(), Instant.now(), Map.of(), Map.of()),
                        DetectionThresholds.defaults().national(),
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

    @Test
    void everyNetworkSaysWhichSourceSeesItAndOoniOnlyNetworksShowTheVerdictsOfTheirVotes() throws Exception {
        JsonNode body = json.readTree(get("/api/countries/PK/status"));
        assertThat(body.get("networks")).hasSize(7);
        for (JsonNode n : body.get("networks")) {
            long asn = n.get("asn").asLong();
            boolean mobile = asn == 45669 || asn == 59257 || asn == 24499;
            JsonNode sources = n.get("sources");
            assertThat(sources)
                    .as("sources of AS%d", asn)
                    .singleElement()
                    .satisfies(s -> assertThat(s.get("source").asText()).isEqualTo(mobile ? "VANTAGE" : "OONI"));
            if (mobile) {
                assertThat(sources.get(0).get("probes").asInt()).isEqualTo(5);
            } else {
                assertThat(sources.get(0).get("reports").asInt()).isPositive();
                assertThat(n.get("platforms").toString()).contains("\"state\":\"DISRUPTED\"");
            }
        }
        // the one incident counts both sources
        assertThat(body.get("openIncidents"))
                .singleElement()
                .satisfies(i ->
                        assertThat(i.get("evidence").get("sources").toString()).contains("\"VANTAGE\"", "\"OONI\""));
    }

    @Test
    void theHistoryHoldsOnlyWindowsNotASparseSourcesVotes() throws Exception {
        JsonNode body = json.readTree(get("/api/countries/PK/history"));
        assertThat(body.toString()).doesNotContain("\"sparse\"");
        List<Long> asns = new ArrayList<>();
        body.get("networks").forEach(n -> asns.add(n.get("asn").asLong()));
        assertThat(asns).containsExactlyInAnyOrder(45669L, 59257L, 24499L);
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
