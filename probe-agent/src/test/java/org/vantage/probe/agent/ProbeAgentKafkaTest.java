package org.vantage.probe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.probe.config.ProbeConfig;
import org.vantage.probe.config.ProbeConfigLoader;
import org.vantage.probe.fleet.FleetConfigFollower;
import org.vantage.probe.measure.MeasurementEngine;
import org.vantage.probe.measure.MeasurementSettings;
import org.vantage.probe.measure.MeasurementTarget;
import org.vantage.probe.measure.TargetList;
import org.vantage.probe.metrics.MetricsServer;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.publish.HeartbeatPublisher;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.probe.publish.SpoolingPublisher;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolOptions;
import org.vantage.probe.testing.TopicReader;
import org.vantage.registry.serde.AvroSerdeConfig;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.schema.Target;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;

/**
 * The agent in-process with the real measurement engine against loopback HTTP servers and a real broker:
 * it publishes real measurements and heartbeats, follows the fleet configuration at run time (most
 * specific scope wins) and exposes its metrics in Prometheus format.
 */
@Tag("integration")
class ProbeAgentKafkaTest {

    @TempDir
    Path dir;

    @Test
    void agentMeasuresPublishesAndSwitchesTargetsWhenTheFleetConfigurationChanges() throws Exception {
        HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        site.createContext("/", exchange -> {
            byte[] body = ("<html><title>ok</title>" + exchange.getRequestURI().getPath() + "</html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        site.start();
        String base = "http://127.0.0.1:" + site.getAddress().getPort();
        try (LocalStack stack = LocalStack.builder()
                .dataDir(dir.resolve("stack"))
                .brokerHeap("384m")
                .start()) {
            Map<String, String> values = new HashMap<>();
            values.put("probe.id", "agent-test");
            values.put("probe.country", "PK");
            values.put("probe.asn", "17557");
            values.put("probe.region", "Punjab");
            values.put("probe.network-type", "fixed");
            values.put("kafka.bootstrap-servers", stack.bootstrapServers());
            values.put("kafka.schema-registry-url", stack.registryUrl());
            values.put("kafka.max-block", "3s");
            values.put("spool.dir", dir.resolve("spool").toString());
            values.put("schedule.interval", "200ms");
            values.put("schedule.jitter", "50ms");
            values.put("heartbeat.interval", "500ms");
            ProbeConfig cfg = ProbeConfigLoader.fromMap(values);

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ProbeMetrics metrics = new ProbeMetrics(registry);
            PublisherSettings ps = cfg.publisherSettings();
            TargetList initial =
                    new TargetList("initial", List.of(MeasurementTarget.of("control", base + "/control")), List.of());
            try (Spool spool = Spool.open(cfg.spoolDir(), SpoolOptions.defaults());
                    MetricsServer server = MetricsServer.start(registry, "127.0.0.1", 0)) {
                ProbeAgent agent = new ProbeAgent(
                        cfg,
                        MeasurementPlan.local(initial, cfg.schedule()),
                        new EngineMeasurer(new MeasurementEngine(
                                MeasurementSettings.builder()
                                        .allTimeouts(Duration.ofSeconds(2))
                                        .build(),
                                Clock.systemUTC())),
                        new SpoolingPublisher(ps, spool, metrics),
                        new HeartbeatPublisher(ps, metrics),
                        metrics,
                        Clock.systemUTC());
                agent.start();
                try (FleetConfigFollower follower = new FleetConfigFollower(
                                cfg.bootstrapServers(),
                                cfg.schemaRegistryUrl(),
                                cfg.kafkaClient(),
                                cfg.networkKey(),
                                agent::applyFleetConfig)
                        .start()) {
                    awaitTrue(() -> hosts(stack).contains("/control"), "initial target measured and published");

                    publishFleetConfig(stack, config("*", "global-1", base + "/global"));
                    awaitTrue(() -> agent.plan().version().equals("global-1"), "global configuration applied");
                    publishFleetConfig(stack, config("PK", "pk-1", base + "/pk"));
                    awaitTrue(() -> agent.plan().version().equals("pk-1"), "country configuration applied");
                    // A configuration for another network of the same country does not concern this probe.
                    publishFleetConfig(stack, config("PK:45669", "jazz-1", base + "/jazz"));
                    awaitTrue(() -> hosts(stack).contains("/pk"), "country target measured and published");
                    assertThat(agent.plan().version()).isEqualTo("pk-1");
                    assertThat(agent.plan().targets())
                            .extracting(t -> t.url().getPath())
                            .containsExactly("/pk");

                    String scrape = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                    assertThat(scrape)
                            .contains("vantage_probe_measurements_total{outcome=\"OK\",platform=\"control\"}")
                            .contains("vantage_probe_phase_duration_seconds_bucket{phase=\"total\"")
                            .contains("vantage_probe_spool_depth")
                            .contains("vantage_probe_spool_dropped")
                            .contains("vantage_probe_published_total")
                            .contains("vantage_probe_publish_duration_seconds_count")
                            .contains("vantage_probe_config_info{version=\"pk-1\"}")
                            .doesNotContain("vantage_probe_config_info{version=\"global-1\"}");

                    // heartbeats go out every 500 ms: wait for one that reports the country configuration
                    awaitTrue(
                            () -> heartbeatVersions(stack).contains("pk-1"), "a heartbeat reports configuration pk-1");

                    // Withdrawing a scope (tombstone) falls back to the next one, and finally to the local list.
                    publishTombstone(stack, "PK");
                    awaitTrue(() -> agent.plan().version().equals("global-1"), "fallback to the global configuration");
                    publishTombstone(stack, "*");
                    awaitTrue(
                            () -> agent.plan().version().equals("local:initial"), "fallback to the local target list");
                } finally {
                    agent.close(Duration.ofSeconds(20));
                }
            } finally {
                site.stop(0);
            }
            List<Measurement> published = TopicReader.readAll(
                            stack.bootstrapServers(),
                            stack.registryUrl(),
                            VantageTopic.MEASUREMENTS.topicName(),
                            Measurement.class)
                    .stream()
                    .map(r -> r.value())
                    .toList();
            assertThat(published).isNotEmpty().allSatisfy(m -> {
                assertThat(m.getProbeId()).isEqualTo("agent-test");
                assertThat(m.getOutcome()).isEqualTo(Outcome.OK);
                assertThat(m.getRegion()).isEqualTo("Punjab");
                assertThat(m.getSimulated()).isFalse();
            });
            assertThat(published)
                    .extracting(m -> URI.create(m.getTargetUrl()).getPath())
                    .doesNotContain("/jazz");
            assertThat(heartbeatVersions(stack)).contains("pk-1");
        }
    }

    private static List<String> heartbeatVersions(LocalStack stack) {
        return TopicReader.readAll(
                        stack.bootstrapServers(),
                        stack.registryUrl(),
                        VantageTopic.HEARTBEATS.topicName(),
                        ProbeHeartbeat.class)
                .stream()
                .map(r -> r.value().getConfigVersion())
                .toList();
    }

    private static List<String> hosts(LocalStack stack) {
        return TopicReader.readAll(
                        stack.bootstrapServers(),
                        stack.registryUrl(),
                        VantageTopic.MEASUREMENTS.topicName(),
                        Measurement.class)
                .stream()
                .map(r -> URI.create(r.value().getTargetUrl()).getPath())
                .distinct()
                .toList();
    }

    private static FleetConfig config(String scope, String version, String url) {
        return FleetConfig.newBuilder()
                .setScope(scope)
                .setVersion(version)
                .setIssuedAt(Instant.now())
                .setTargets(List.of(Target.newBuilder()
                        .setPlatform("control")
                        .setHost("127.0.0.1")
                        .setUrl(url)
                        .setPort(URI.create(url).getPort())
                        .setThroughputUrl(null)
                        .build()))
                .setIntervalMs(200)
                .setJitterMs(50)
                .setConcurrency(2)
                .build();
    }

    private static void publishFleetConfig(LocalStack stack, FleetConfig fc) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
        AvroSerializer<FleetConfig> ser = new AvroSerializer<>();
        ser.configure(p, false);
        try (KafkaProducer<String, FleetConfig> producer = new KafkaProducer<>(p, new StringSerializer(), ser)) {
            producer.send(new ProducerRecord<>(VantageTopic.FLEET_CONFIG.topicName(), fc.getScope(), fc));
        }
    }

    private static void publishTombstone(LocalStack stack, String scope) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(VantageTopic.FLEET_CONFIG.topicName(), scope, null));
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
