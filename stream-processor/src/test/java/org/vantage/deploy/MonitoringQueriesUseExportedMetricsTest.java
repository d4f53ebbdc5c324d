package org.vantage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The alerting rules and the Grafana dashboard query metrics that a real processor exports: the whole processor
 * runs on a real broker (the local stack), probes' measurements and heartbeats flow through it, and its
 * {@code /metrics} is scraped until every metric the rules and panels name is there. A renamed meter, or a rule
 * written against a metric that does not exist, fails here instead of never firing in production.
 */
@Tag("integration")
class MonitoringQueriesUseExportedMetricsTest {
    /** Metrics of other scrape jobs: Prometheus' own and the OONI bridge's (a separate application). */
    static final Set<String> NOT_THE_PROCESSORS = Set.of("up", "vantage_ooni_lag_seconds");

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    @Test
    void everyMetricTheRulesAndPanelsNameIsExportedByARunningProcessor(@TempDir Path dir) throws Exception {
        Map<String, Set<String>> wanted = new TreeMap<>(); // metric -> where it is used
        List<Monitoring.Query> queries = new ArrayList<>(Monitoring.alertRules());
        queries.addAll(Monitoring.dashboardQueries(Monitoring.dashboard()));
        for (Monitoring.Query q : queries) {
            Set<String> names = Monitoring.metricNames(q.expr());
            assertThat(names)
                    .as("%s selects no metric: %s", q.source(), q.expr())
                    .isNotEmpty();
            names.stream()
                    .filter(n -> !NOT_THE_PROCESSORS.contains(n))
                    .forEach(
                            n -> wanted.computeIfAbsent(n, k -> new TreeSet<>()).add(q.source()));
        }

        try (LocalStack stack =
                LocalStack.builder().dataDir(dir.resolve("stack")).start()) {
            Map<String, String> env = new HashMap<>();
            env.put("VANTAGE_BOOTSTRAP_SERVERS", stack.bootstrapServers());
            env.put("VANTAGE_SCHEMA_REGISTRY_URL", stack.registryUrl());
            env.put(
                    "VANTAGE_APPLICATION_ID",
                    "vantage-metrics-" + UUID.randomUUID().toString().substring(0, 8));
            env.put("VANTAGE_STATE_DIR", dir.resolve("state").toString());
            env.put("VANTAGE_HTTP_PORT", "0");
            env.put("VANTAGE_COMMIT_INTERVAL", "100ms");
            try (DetectionService service = DetectionService.start(ProcessorConfig.fromEnv(env), "127.0.0.1")) {
                Instant start = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
                Fleet fleet = Fleet.of(Fleet.pakistan(), 3, start);
                FleetProducer.produce(
                        stack,
                        fleet,
                        Fleet.when(
                                (p, platform, minute) -> false,
                                Fleet.always(Outcome.TLS_RESET, 150),
                                Fleet.healthy(0.01)),
                        0,
                        3);

                Set<String> exported = Set.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String body = "";
                while (System.nanoTime() < deadline) {
                    body = scrape(service.httpPort());
                    exported = names(body);
                    if (exported.containsAll(wanted.keySet())) {
                        break;
                    }
                    Thread.sleep(500);
                }
                Files.writeString(Path.of("target", "processor-metrics.txt"), body); // for whoever writes the next rule
                Set<String> have = exported;
                Map<String, Set<String>> missing = new TreeMap<>(wanted);
                missing.keySet().removeIf(have::contains);
                assertThat(missing)
                        .as("metrics named by rules or panels that the processor does not export "
                                + "(scrape in stream-processor/target/processor-metrics.txt)")
                        .isEmpty();
            }
        }
    }

    static String scrape(int port) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Metric names of a Prometheus text exposition (samples, not comments). */
    static Set<String> names(String exposition) {
        Set<String> out = new TreeSet<>();
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
