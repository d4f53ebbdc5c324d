package org.vantage.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.fixture.Fleet;
import org.vantage.detect.fixture.FleetProducer;
import org.vantage.detect.model.StoreNames;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;

/**
 * Two instances of the processor share the work on a real broker (same application id), so each holds the
 * state of some countries only. Asked about every country, each instance gives the same answers: a country's
 * status and incidents are forwarded to the instance holding them, and the list of every country's incidents
 * gathers both instances' parts.
 */
@Tag("integration")
class AnyInstanceAnswersTest {
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void eachOfTwoInstancesAnswersForEveryCountryAsTheOtherDoes(@TempDir Path dir) throws Exception {
        List<String> countries = oneCountryPerStatusPartition();
        List<Fleet.Network> networks = new ArrayList<>(Fleet.pakistan());
        long asn = 64_500;
        for (String cc : countries) {
            if (!cc.equals("PK")) {
                networks.add(
                        new Fleet.Network(cc, asn++, "Test network of " + cc, NetworkType.MOBILE, null, List.of()));
            }
        }
        try (LocalStack stack =
                LocalStack.builder().dataDir(dir.resolve("stack")).start()) {
            Map<String, String> env = new HashMap<>();
            env.put("VANTAGE_BOOTSTRAP_SERVERS", stack.bootstrapServers());
            env.put("VANTAGE_SCHEMA_REGISTRY_URL", stack.registryUrl());
            env.put(
                    "VANTAGE_APPLICATION_ID",
                    "vantage-two-" + UUID.randomUUID().toString().substring(0, 8));
            env.put("VANTAGE_HTTP_PORT", "0");
            env.put("VANTAGE_COMMIT_INTERVAL", "100ms");
            env.put("VANTAGE_STATE_DIR", dir.resolve("state-1").toString());
            ProcessorConfig first = ProcessorConfig.fromEnv(env);
            env.put("VANTAGE_STATE_DIR", dir.resolve("state-2").toString());
            ProcessorConfig second = ProcessorConfig.fromEnv(env);

            try (DetectionService a = DetectionService.start(first, "127.0.0.1");
                    DetectionService b = DetectionService.start(second, "127.0.0.1")) {
                awaitBothRunningTogether(a, b);
                Instant start = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
                FleetProducer.produce(
                        stack,
                        Fleet.of(networks, 3, start),
                        Fleet.when(
                                (p, platform, minute) -> minute >= 3
                                        && platform.equals("twitter")
                                        && p.network().country().equals("PK"),
                                Fleet.always(Outcome.TLS_RESET, 150),
                                Fleet.healthy(0.0)),
                        0,
                        8); // a window is judged once the stream is a grace period past its end: minutes 0-5 here

                // the countries are held by both instances, not all by one
                Set<HostInfo> owners = new TreeSet<>((x, y) -> (x.host() + x.port()).compareTo(y.host() + y.port()));
                for (String cc : countries) {
                    owners.add(a.streams()
                            .queryMetadataForKey(
                                    StoreNames.COUNTRY_STATE,
                                    cc,
                                    Serdes.String().serializer())
                            .activeHost());
                }
                assertThat(owners).containsExactlyInAnyOrder(a.address(), b.address());

                // every country's status, from either instance, once both answer the same with all its windows judged
                Map<String, String> answers = new LinkedHashMap<>();
                for (String cc : countries) {
                    String path = "/api/countries/" + cc + "/status";
                    JsonNode fromA = awaitSame(
                            a,
                            b,
                            path,
                            body -> body.get("networks").size() > 0
                                    && body.get("networks")
                                                    .get(0)
                                                    .get("windowStart")
                                                    .asText()
                                                    .compareTo(start.plus(5, ChronoUnit.MINUTES)
                                                            .toString())
                                            >= 0);
                    answers.put(cc, fromA.get("networks").size() + " networks");
                }
                assertThat(answers.get("PK")).isEqualTo("7 networks");
                assertThat(answers).allSatisfy((cc, n) -> assertThat(n).isNotEqualTo("0 networks"));

                // the incident of PK: from its country's question and from the list of every country's incidents
                JsonNode pk = awaitSame(
                        a,
                        b,
                        "/api/incidents?country=PK",
                        body -> body.get("incidents").size() > 0);
                String incident = pk.get("incidents").get(0).get("incidentId").asText();
                JsonNode all = awaitSame(
                        a, b, "/api/incidents", body -> body.get("incidents").size() > 0);
                List<String> ids = new ArrayList<>();
                all.get("incidents").forEach(i -> ids.add(i.get("incidentId").asText()));
                assertThat(ids).containsExactly(incident);
            }
        }
    }

    /** A country code for each partition of the status topic (the country stage's partitions), PK among them. */
    static List<String> oneCountryPerStatusPartition() {
        int partitions = VantageTopic.NETWORK_STATUS.partitions();
        Map<Integer, String> byPartition = new HashMap<>();
        byPartition.put(partition("PK", partitions), "PK");
        for (String cc : new TreeSet<>(Set.of(Locale.getISOCountries()))) { // codes the detector accepts
            byPartition.putIfAbsent(partition(cc, partitions), cc);
        }
        return List.copyOf(new TreeSet<>(byPartition.values()));
    }

    /** The default partitioner's choice for a String key. */
    static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    static void awaitBothRunningTogether(DetectionService a, DetectionService b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline
                && !(a.streams().state() == KafkaStreams.State.RUNNING
                        && b.streams().state() == KafkaStreams.State.RUNNING
                        && a.streams().metadataForAllStreamsClients().size() == 2
                        && b.streams().metadataForAllStreamsClients().size() == 2)) {
            Thread.sleep(200);
        }
        assertThat(a.streams().metadataForAllStreamsClients())
                .as("instances in the group")
                .hasSize(2);
    }

    /** Polls both instances until both answer 200 with the same body satisfying {@code ready}; returns it. */
    JsonNode awaitSame(
            DetectionService a, DetectionService b, String path, java.util.function.Predicate<JsonNode> ready)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> fromA = get(a, path);
            HttpResponse<String> fromB = get(b, path);
            last = "A: " + fromA.statusCode() + " " + fromA.body() + "\nB: " + fromB.statusCode() + " " + fromB.body();
            if (fromA.statusCode() == 200 && fromB.statusCode() == 200) {
                JsonNode x = json.readTree(fromA.body());
                if (x.equals(json.readTree(fromB.body())) && ready.test(x)) {
                    return x;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the two instances did not give the same ready answer to " + path + ":\n" + last);
    }

    HttpResponse<String> get(DetectionService s, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
