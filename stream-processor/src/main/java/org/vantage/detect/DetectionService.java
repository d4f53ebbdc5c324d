package org.vantage.detect;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.api.AlertBroadcaster;
import org.vantage.api.AlertFeed;
import org.vantage.api.DetectionApi;
import org.vantage.api.StoreAccess;
import org.vantage.api.fleet.FleetFeed;
import org.vantage.detect.config.ProcessorConfig;

/**
 * The running processor: Kafka Streams with the detection topology, its metrics (ours and Kafka Streams'
 * own in one Prometheus registry), the HTTP API, the alert feed behind the SSE stream and the fleet feed behind
 * the fleet page.
 */
public final class DetectionService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionService.class);
    /** Heartbeats published this far back are read at start; probes not heard for longer drop off the fleet page. */
    static final Duration FLEET_WINDOW = Duration.ofMinutes(15);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final PrometheusMeterRegistry registry;
    private final DetectionApi api;
    private final AlertFeed feed;
    private final FleetFeed fleet;

    private DetectionService(ProcessorConfig config, String httpHost) {
        Properties props = config.streamsProperties();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Topology topology = VantageTopology.build(config.thresholds(), config.serdeConfig(), new DetectionMetrics(registry),
                VantageTopology.StoreType.PERSISTENT, props);
        LOG.debug("topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, props);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        // a failed thread is replaced: with exactly-once its uncommitted work is redone, nothing is lost
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed, replacing it: {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("streams state {} -> {}", before, now));
        AlertBroadcaster broadcaster = new AlertBroadcaster();
        fleet = new FleetFeed(config.clientConfig(), FLEET_WINDOW);
        api = new DetectionApi(StoreAccess.of(streams), streams::state, registry, broadcaster, fleet::snapshot,
                config.thresholds().minProbes());
        feed = new AlertFeed(config.clientConfig(), broadcaster);
        streams.start();
        api.start(httpHost, config.httpPort());
        feed.start();
        fleet.start();
        LOG.info("vantage-detect running: application.id={}, bootstrap={}, http port {}", config.applicationId(),
                config.bootstrapServers(), api.port());
    }

    /** Validates the configuration and starts everything. */
    public static DetectionService start(ProcessorConfig config, String httpHost) {
        return new DetectionService(config.validate(), httpHost);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int httpPort() {
        return api.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        api.close();
        try {
            feed.close();
            fleet.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
    }
}
