package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.detect.fixture.Fleet;
import org.vantage.schema.AffectedNetwork;
import org.vantage.schema.AffectedRegion;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Outcome;
import org.vantage.schema.Scope;
import org.vantage.stack.LocalStack;

/**
 * The regional shutdown of {@link RegionalShutdownTest} through the whole processor on a real broker (the local
 * stack, its registry and the bundled Pakistan reference table): the alert read back from the topic is REGIONAL,
 * names both provinces and their census share, and the HTTP API serves the region breakdown the dashboard shows.
 */
@Tag("integration")
class RegionalShutdownEndToEndTest {

    @Test
    void mobileDataCutInTwoProvincesComesBackAsOneRegionalOutageAlert(@TempDir Path dir) throws Exception {
        try (LocalStack stack =
                LocalStack.builder().dataDir(dir.resolve("stack")).start()) {
            Instant start = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
            Fleet fleet = Fleet.of(
                    Fleet.pakistan(), RegionalShutdownTest.PROVINCES.size(), start, RegionalShutdownTest.PROVINCES);
            int onset = 6;
            Fleet.Conditions conditions = Fleet.when(
                    (p, platform, minute) -> minute >= onset
                            && RegionalShutdownTest.mobileIn(
                                    p, RegionalShutdownTest.KP, RegionalShutdownTest.BALOCHISTAN),
                    Fleet.always(Outcome.TCP_TIMEOUT, 10_000),
                    Fleet.healthy(0.01));

            ProcessorConfig.Builder processor = ProcessorConfig.builder();
            processor.bootstrapServers(stack.bootstrapServers());
            processor.schemaRegistryUrl(stack.registryUrl());
            processor.applicationId(
                    "vantage-regional-e2e-" + UUID.randomUUID().toString().substring(0, 8));
            processor.stateDir(dir.resolve("state"));
            processor.httpPort(0);
            processor.commitInterval(Duration.ofMillis(100));
            // the whole scenario arrives at once: wait long enough for every network's task to report
            processor.set(ProcessorSettings.COUNTRY_WAIT_TIMEOUT, Duration.ofSeconds(20));
            ProcessorConfig config = processor.build();

            List<DisruptionAlert> received = new ArrayList<>();
            try (KafkaConsumer<String, DisruptionAlert> alerts = PakistanScenarioEndToEndTest.alertConsumer(stack);
                    DetectionService service = DetectionService.start(config, "127.0.0.1")) {
                PakistanScenarioEndToEndTest.produce(stack, fleet, conditions, 0, onset + 6);
                PakistanScenarioEndToEndTest.pollUntil(alerts, received, AlertStatus.OPENED);

                HttpResponse<String> incidents = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(
                                                "http://127.0.0.1:" + service.httpPort() + "/api/incidents?country=PK"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(incidents.statusCode()).isEqualTo(200);
                assertThat(incidents.body())
                        .as("the region breakdown the dashboard shows")
                        .contains(
                                "\"affectedRegions\"",
                                "\"region\":\"Balochistan\"",
                                "\"region\":\"Khyber Pakhtunkhwa\"");
            }

            assertThat(received)
                    .as(() -> received.stream()
                            .map(a -> a.getStatus() + " " + a.getHeadline())
                            .toList()
                            .toString())
                    .isNotEmpty()
                    .extracting(DisruptionAlert::getIncidentId)
                    .containsOnly(received.get(0).getIncidentId());
            DisruptionAlert opened = received.get(0);
            assertThat(opened.getStatus()).isEqualTo(AlertStatus.OPENED);
            assertThat(opened.getClassification()).isEqualTo(Classification.NETWORK_OUTAGE);
            assertThat(opened.getScope()).isEqualTo(Scope.REGIONAL);
            assertThat(opened.getRegions()).containsExactly(RegionalShutdownTest.BALOCHISTAN, RegionalShutdownTest.KP);
            assertThat(opened.getNetworks())
                    .extracting(AffectedNetwork::getAsn)
                    .containsExactlyInAnyOrderElementsOf(RegionalShutdownTest.MOBILE);
            assertThat(opened.getAffectedRegions())
                    .extracting(AffectedRegion::getRegion)
                    .containsExactly(RegionalShutdownTest.BALOCHISTAN, RegionalShutdownTest.KP);
            assertThat(opened.getRegionsPopulationShare()).isEqualTo(0.231);
            long onsetToEvidence = opened.getLastUpdateTime().toEpochMilli() - fleet.minuteStart(onset);
            System.out.printf(
                    "regional outage on a real broker: evidence at onset + %.1f min of event time%n",
                    onsetToEvidence / 60_000.0);
            assertThat(onsetToEvidence).isLessThanOrEqualTo(5 * 60_000);
        }
    }
}
