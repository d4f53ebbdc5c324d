package org.vantage.api.incidents;

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
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.vantage.api.AlertBroadcaster;
import org.vantage.api.DetectionApi;
import org.vantage.api.Instances;
import org.vantage.api.fleet.FleetFeed;
import org.vantage.api.history.StatusHistory;
import org.vantage.detect.fixture.DetectionHarness;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;

/**
 * A throttling episode that opens and resolves, served by the API: the resolved incident in the history says
 * what it was (its own classification, scope and headline from the incident log), and its timeline ends.
 */
class ResolvedIncidentApiTest {
    static final Instant START = Instant.parse("2024-01-20T13:20:00Z");

    @Test
    void aResolvedIncidentKeepsItsOwnClassificationAndItsTimelineEnds() throws Exception {
        try (DetectionHarness h = new DetectionHarness(START, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            Fleet fleet = Fleet.of(Fleet.pakistan(), 5, START);
            h.reference(fleet.networks());
            // youtube 20 times slower than usual on every network for eight minutes, then back to normal
            h.run(
                    fleet,
                    0,
                    24,
                    Fleet.when(
                            (p, platform, minute) -> minute >= 6 && minute < 14 && platform.equals("youtube"),
                            Fleet.always(Outcome.OK, 5_000),
                            Fleet.healthy(0)));
            List<DisruptionAlert> alerts = h.alerts();
            assertThat(alerts)
                    .extracting(DisruptionAlert::getStatus)
                    .contains(AlertStatus.OPENED, AlertStatus.RESOLVED);
            String id = alerts.get(0).getIncidentId();

            StatusHistory history = new StatusHistory(Duration.ofHours(6), 10_000);
            h.statuses().forEach(history::add);
            IncidentLog log = new IncidentLog(100);
            alerts.forEach(log::add);
            try (DetectionApi api = new DetectionApi(
                            h.stores(),
                            () -> KafkaStreams.State.RUNNING,
                            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                            new AlertBroadcaster(),
                            () -> new FleetFeed.Snapshot(List.of(), Instant.now(), Map.of(), Map.of()),
                            org.vantage.detect.config.DetectionThresholds.defaults()
                                    .national(),
                            history,
                            log,
                            Instances.LOCAL)
                    .start("127.0.0.1", 0)) {
                JsonNode incidents = get(api, "/api/incidents?country=PK").get("incidents");
                assertThat(incidents).singleElement().satisfies(i -> {
                    assertThat(i.get("status").asText()).isEqualTo("RESOLVED");
                    assertThat(i.get("incidentId").asText()).isEqualTo(id);
                    assertThat(i.get("classification").asText()).isEqualTo("THROTTLING");
                    assertThat(i.get("scope").asText()).isEqualTo("NATIONWIDE");
                    assertThat(i.get("headline").asText()).contains("YouTube");
                });

                JsonNode timeline = get(api, "/api/incidents/" + id + "/timeline");
                assertThat(timeline.get("status").asText()).isEqualTo("RESOLVED");
                assertThat(timeline.get("classification").asText()).isEqualTo("THROTTLING");
                assertThat(timeline.get("endTime").asLong()).isEqualTo(fleet.minuteStart(14));
                List<String> jazz = new ArrayList<>();
                for (JsonNode strip : timeline.get("strips")) {
                    if (strip.get("asn").asLong() == 45669) {
                        strip.get("cells").forEach(c -> jazz.add(c.get("state").asText()));
                    }
                }
                // fine, throttled during the episode, fine again after it
                assertThat(jazz).startsWith("OK").endsWith("OK").contains("THROTTLED");
            }
        }
    }

    static JsonNode get(DetectionApi api, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }
}
