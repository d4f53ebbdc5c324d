package org.vantage.ooni.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import org.vantage.kafka.ClientProperties;
import org.vantage.ooni.api.OoniApiClient;
import org.vantage.ooni.api.RetryPolicy;
import org.vantage.ooni.map.OoniMapper;

/** Wires a bridge from its settings and Kafka endpoints and runs it until the JVM is asked to stop. */
public final class OoniBridgeRunner {

    /** How long a Kafka call may block before Kafka counts as unreachable. */
    static final Duration KAFKA_MAX_BLOCK = Duration.ofSeconds(15);

    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(60);

    private OoniBridgeRunner() {}

    /** A bridge on {@code registry}'s meters; nothing runs until {@link OoniBridge#run()} or {@code pollOnce}. */
    static OoniBridge create(
            OoniBridgeSettings s,
            String bootstrapServers,
            String schemaRegistryUrl,
            ClientProperties client,
            MeterRegistry registry,
            Clock clock) {
        BridgeMetrics metrics = new BridgeMetrics(registry, clock);
        RetryPolicy retry = new RetryPolicy(
                s.maxAttempts(),
                s.retryBackoff(),
                s.retryBackoff().compareTo(MAX_RETRY_DELAY) > 0 ? s.retryBackoff() : MAX_RETRY_DELAY);
        OoniApiClient api = new OoniApiClient(
                new OoniApiClient.Config(
                        s.apiUrl(), OoniApiClient.userAgent(s.contact()), s.requestTimeout(), retry, s.maxBodyBytes()),
                metrics);
        BridgeKafka.Connection connection =
                new BridgeKafka.Connection(bootstrapServers, schemaRegistryUrl, client, KAFKA_MAX_BLOCK);
        return new OoniBridge(
                s,
                api,
                new OoniMapper(),
                () -> BridgeKafka.open(connection, s.bridgeId(), s.transactionalId(), s.countries(), s.credentials()),
                metrics,
                clock);
    }

    /** {@code 60s}, {@code 6h}, {@code 1h30m}: how durations are written on the command line. */
    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Runs the bridge (with its metrics server) on this thread until SIGTERM / Ctrl-C.
     *
     * @return the exit code: 0 stopped, 1 failed
     */
    public static int run(
            OoniBridgeSettings s,
            String bootstrapServers,
            String schemaRegistryUrl,
            ClientProperties client,
            PrintStream out)
            throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OoniBridge bridge = create(s, bootstrapServers, schemaRegistryUrl, client, registry, Clock.systemUTC());
        MetricsServer metricsServer =
                s.metricsPort() >= 0 ? MetricsServer.start(registry, "0.0.0.0", s.metricsPort()) : null;
        Thread main = Thread.currentThread();
        Thread hook = new Thread(
                () -> {
                    bridge.stop();
                    try {
                        main.join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "ooni-bridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf(
                "Importing OONI measurements of %s from %s into Kafka %s as bridge '%s' (every %s, trailing window %s)%s."
                        + " Ctrl-C to stop.%n",
                String.join(",", s.countries()),
                s.apiUrl(),
                bootstrapServers,
                s.bridgeId(),
                human(s.pollInterval()),
                human(s.trailingWindow()),
                metricsServer == null ? "" : "; metrics on http://127.0.0.1:" + metricsServer.port() + "/metrics");
        out.flush();
        try {
            bridge.run();
            return 0;
        } finally {
            if (metricsServer != null) {
                metricsServer.close();
            }
        }
    }
}
