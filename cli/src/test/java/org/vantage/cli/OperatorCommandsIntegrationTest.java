package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.NetworkType;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.schema.Target;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;

/**
 * {@code vantage fleet}, {@code status} and {@code incidents} against a real stack and a real stream processor:
 * the fleet from heartbeats published now (and one older than --since, which must not count), the fleet
 * configuration from the compacted topic, and the processor's API paths and answers for a fresh detector.
 */
@Tag("integration")
class OperatorCommandsIntegrationTest {

    @TempDir
    static Path dir;

    static LocalStack stack;
    static DetectionService detector;
    static Instant now;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.builder().dataDir(dir.resolve("stack")).start();
        ProcessorConfig.Builder processor = ProcessorConfig.builder();
        processor.bootstrapServers(stack.bootstrapServers());
        processor.schemaRegistryUrl(stack.registryUrl());
        processor.stateDir(dir.resolve("streams"));
        processor.httpPort(0);
        detector = DetectionService.start(processor.build(), "127.0.0.1");
        now = Instant.now();
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            for (String probe : List.of("jazz-1", "jazz-2", "jazz-3")) {
                send(
                        producer,
                        VantageTopic.HEARTBEATS,
                        "PK:45669",
                        heartbeat(probe, "PK", 45669, now.minusSeconds(20), 35L));
            }
            // stopped ten minutes ago: silent
            send(
                    producer,
                    VantageTopic.HEARTBEATS,
                    "PK:17557",
                    heartbeat("ptcl-1", "PK", 17557, now.minusSeconds(600), -12L));
            // older than --since: not read at all
            send(
                    producer,
                    VantageTopic.HEARTBEATS,
                    "PK:45669",
                    heartbeat("jazz-old", "PK", 45669, now.minus(Duration.ofMinutes(40)), 0L));
            send(
                    producer,
                    VantageTopic.HEARTBEATS,
                    "IR:44244",
                    heartbeat("irancell-1", "IR", 44244, now.minusSeconds(5), 0L));
            send(producer, VantageTopic.FLEET_CONFIG, "*", config("*", "v1"));
            send(producer, VantageTopic.FLEET_CONFIG, "PK", config("PK", "v2-pk"));
            send(producer, VantageTopic.FLEET_CONFIG, "IR", config("IR", "v1-ir"));
        }
    }

    @AfterAll
    static void stop() {
        if (detector != null) {
            detector.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static KafkaProducer<String, SpecificRecord> producer() {
        Map<String, Object> p = new HashMap<>(stack.clientConfig());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(p, false);
        return new KafkaProducer<>(p, new StringSerializer(), values);
    }

    static void send(
            KafkaProducer<String, SpecificRecord> producer, VantageTopic topic, String key, SpecificRecord value)
            throws Exception {
        long ts = value instanceof ProbeHeartbeat hb ? hb.getEventTime().toEpochMilli() : now.toEpochMilli();
        producer.send(new ProducerRecord<>(topic.topicName(), null, ts, key, value))
                .get();
    }

    static ProbeHeartbeat heartbeat(String probe, String cc, long asn, Instant at, Long clockOffset) {
        return ProbeHeartbeat.newBuilder()
                .setProbeId(probe)
                .setCountry(cc)
                .setAsn(asn)
                .setNetworkType(NetworkType.MOBILE)
                .setProbeVersion("0.1.0")
                .setEventTime(at)
                .setIntervalMs(60_000)
                .setClockOffsetMs(clockOffset)
                .setMeasurementsPerMinute(8.0)
                .build();
    }

    static FleetConfig config(String scope, String version) {
        return FleetConfig.newBuilder()
                .setScope(scope)
                .setVersion(version)
                .setIssuedAt(now)
                .setTargets(List.of(
                        Target.newBuilder()
                                .setPlatform("twitter")
                                .setHost("twitter.com")
                                .build(),
                        Target.newBuilder()
                                .setPlatform("control")
                                .setHost("example.com")
                                .build()))
                .build();
    }

    record Run(int exit, String out, String err) {}

    static Run vantage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = VantageCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    String[] kafkaArgs(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl()));
        return all.toArray(String[]::new);
    }

    @Test
    void fleetShowsAliveAndSilentProbesGapsAndTheConfigurationForTheCountry() throws Exception {
        Run r = vantage(kafkaArgs("fleet", "PK", "--json", "--since", "15m"));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode fleet = new ObjectMapper().readTree(r.out());
        Map<Long, JsonNode> byAsn = new HashMap<>();
        fleet.get("networks").forEach(n -> byAsn.put(n.get("asn").asLong(), n));
        JsonNode jazz = byAsn.get(45669L);
        assertThat(jazz.get("alive").asInt()).isEqualTo(3);
        assertThat(jazz.get("silent").asInt()).isZero();
        assertThat(jazz.get("probes"))
                .extracting(p -> p.get("probe_id").asText())
                .containsExactly("jazz-1", "jazz-2", "jazz-3");
        assertThat(jazz.get("worst_clock_offset_ms").asLong()).isEqualTo(35);
        assertThat(jazz.get("measurements_per_minute").asDouble()).isEqualTo(24.0);
        assertThat(jazz.get("coverage_gap").asBoolean()).isFalse();
        JsonNode ptcl = byAsn.get(17557L);
        assertThat(ptcl.get("silent").asInt()).isEqualTo(1);
        assertThat(ptcl.get("coverage_gap").asBoolean()).isTrue();
        // every PK network of the reference table is listed; those without probes are gaps
        List<Long> referencePk = stack.networks().stream()
                .filter(n -> n.getCountry().equals("PK"))
                .map(NetworkInfo::getAsn)
                .toList();
        assertThat(byAsn.keySet()).containsAll(referencePk);
        referencePk.stream()
                .filter(asn -> asn != 45669L)
                .forEach(asn -> assertThat(byAsn.get(asn).get("coverage_gap").asBoolean())
                        .as("AS" + asn)
                        .isTrue());
        assertThat(byAsn.values()).allMatch(n -> n.get("country").asText().equals("PK"));
        assertThat(fleet.get("fleet_config"))
                .extracting(c -> c.get("version").asText())
                .containsExactlyInAnyOrder("v1", "v2-pk");
    }

    @Test
    void fleetTextNamesTheGapsAndTheConfiguration() {
        Run r = vantage(kafkaArgs("fleet", "PK", "--probes"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Fleet PK: 4 probes heard in the last 15m, 3 alive")
                .containsPattern("PK:17557 .*: 0 alive, needs 3 more")
                .contains("ptcl-1")
                .contains("SILENT")
                .doesNotContain("jazz-old")
                .doesNotContain("irancell")
                .contains("version v2-pk")
                .doesNotContain("v1-ir");
    }

    @Test
    void statusAndIncidentsReadTheRunningProcessor() throws Exception {
        String api = "http://127.0.0.1:" + detector.httpPort();
        Run status = vantage("status", "pk", "--api-url", api);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // the stores answer 503 until Kafka Streams is running
        while (status.exit() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            status = vantage("status", "pk", "--api-url", api);
        }
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("No network status for PK yet").contains("No open incident in PK.");
        Run incidents = vantage("incidents", "--api-url", api, "--country", "PK");
        assertThat(incidents.exit()).as(incidents.err()).isZero();
        assertThat(incidents.out()).isEqualTo("No incidents.\n");
        Run json = vantage("incidents", "--api-url", api, "--json");
        assertThat(new ObjectMapper().readTree(json.out()).get("incidents").isArray())
                .isTrue();
    }
}
