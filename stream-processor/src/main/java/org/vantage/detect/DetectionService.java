package org.vantage.detect;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.api.AlertBroadcaster;
import org.vantage.api.AlertFeed;
import org.vantage.api.DetectionApi;
import org.vantage.api.Instances;
import org.vantage.api.StoreAccess;
import org.vantage.api.fleet.FleetFeed;
import org.vantage.api.history.StatusHistory;
import org.vantage.api.history.StatusHistoryFeed;
import org.vantage.api.incidents.IncidentLog;
import org.vantage.api.incidents.IncidentLogFeed;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.model.DetectionMetrics;

/**
 * The running processor: Kafka Streams with the detection topology, its metrics (ours and Kafka Streams'
 * own in one Prometheus registry), the HTTP API, the alert feed behind the SSE stream and the fleet feed behind
 * the fleet page.
 */
public final class DetectionService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionService.class);
    /** Heartbeats published this far back are read at start; probes not heard for longer drop off the fleet page. */
    static final Duration FLEET_WINDOW = Duration.ofMinutes(15);
    /** Network statuses this far back (event time, from each country's newest window) feed the dashboard's charts. */
    static final Duration HISTORY_RETENTION = Duration.ofHours(6);
    /** At most this many network windows per country in memory (6 h of one-minute windows on about 50 networks). */
    static final int HISTORY_MAX_POINTS_PER_COUNTRY = 20_000;
    /** Incidents per country whose latest state the API keeps (the most recently started). */
    static final int INCIDENT_LOG_PER_COUNTRY = 200;

    /** Set once started; the HTTP server (started first, its port being this instance's address) reads it. */
    private volatile KafkaStreams streams;

    private final KafkaStreamsMetrics streamsMetrics;
    private final PrometheusMeterRegistry registry;
    private final DetectionApi api;
    private final AlertFeed feed;
    private final FleetFeed fleet;
    private final StatusHistoryFeed history;
    private final IncidentLogFeed incidents;
    private final HostInfo self;
    private boolean localStateWiped;

    private DetectionService(ProcessorConfig config, String httpHost, String advertisedHost) {
        Properties props = config.streamsProperties();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DetectionMetrics metrics = new DetectionMetrics(registry);
        AlertBroadcaster broadcaster = new AlertBroadcaster();
        fleet = new FleetFeed(config.clientConfig(), FLEET_WINDOW);
        StatusHistory statusHistory = new StatusHistory(HISTORY_RETENTION, HISTORY_MAX_POINTS_PER_COUNTRY);
        history = new StatusHistoryFeed(config.clientConfig(), statusHistory);
        IncidentLog incidentLog = new IncidentLog(INCIDENT_LOG_PER_COUNTRY);
        incidents = new IncidentLogFeed(config.clientConfig(), incidentLog);
        AtomicReference<HostInfo> address = new AtomicReference<>();
        StoreAccess stores = new StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
                KafkaStreams s = streams;
                if (s == null) {
                    throw new InvalidStateStoreException("Kafka Streams is starting");
                }
                return StoreAccess.of(s).keyValueStore(name);
            }
        };
        api = new DetectionApi(
                stores,
                () -> streams == null ? KafkaStreams.State.CREATED : streams.state(),
                registry,
                broadcaster,
                fleet::snapshot,
                config.thresholds().national(),
                statusHistory,
                incidentLog,
                Instances.of(() -> streams, address::get));
        api.start(httpHost, config.httpPort());
        // other instances forward a country's questions to the one owning it, found by this address
        self = new HostInfo(advertisedHost(httpHost, advertisedHost), api.port());
        address.set(self);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        try {
            streams = startStreams(() -> newStreams(config, props, metrics), config);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        feed = new AlertFeed(config.clientConfig(), broadcaster);
        feed.start();
        fleet.start();
        history.start();
        incidents.start();
        LOG.info(
                "vantage-detect running: application.id={}, bootstrap={}, http port {}, application.server {}:{}",
                config.applicationId(),
                config.bootstrapServers(),
                api.port(),
                self.host(),
                self.port());
    }

    /**
     * The host other instances reach this one at: the one given, else the HTTP bind address unless it is a
     * wildcard, else this machine's address.
     */
    static String advertisedHost(String httpHost, String advertised) {
        if (advertised != null && !advertised.isBlank()) {
            return advertised;
        }
        if (httpHost != null && !httpHost.isBlank() && !httpHost.equals("0.0.0.0") && !httpHost.equals("::")) {
            return httpHost;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            LOG.warn(
                    "cannot resolve this machine's address ({}); advertising 127.0.0.1: set VANTAGE_ADVERTISED_HOST "
                            + "when running several instances",
                    e.getMessage());
            return "127.0.0.1";
        }
    }

    private static KafkaStreams newStreams(ProcessorConfig config, Properties props, DetectionMetrics metrics) {
        Topology topology = VantageTopology.build(
                config.thresholds(), config.serdeConfig(), metrics, VantageTopology.StoreType.PERSISTENT, props);
        LOG.debug("topology:\n{}", topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(
                e -> onUncaught(e, Thread.currentThread().getName()));
        streams.setStateListener((now, before) -> LOG.info("streams state {} -> {}", before, now));
        return streams;
    }

    /**
     * A failed stream thread is replaced: with exactly-once its uncommitted work is redone, nothing is lost. The
     * global thread (the reference and platform-status tables) cannot be replaced in place (Kafka Streams would
     * fail trying, and stop anyway): the client shuts down and the process exits, so that its supervisor restarts
     * it and the global stores are rebuilt from their topics. The handler runs on the failing thread.
     */
    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable e, String threadName) {
        if (threadName.endsWith("-GlobalStreamThread")) {
            LOG.error(
                    "the global stream thread failed and cannot be replaced in place; shutting down so that a restart "
                            + "rebuilds the global tables: {}",
                    e.toString(),
                    e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("stream thread failed, replacing it: {}", e.toString(), e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /**
     * Starts Kafka Streams. A process killed while RocksDB was creating or deleting a store can leave files
     * RocksDB refuses to open (e.g. a write-ahead log without its CURRENT file), and Kafka Streams opens the
     * stores it finds on disk inside {@code start()}, so such a leftover would stop every restart. The local state
     * is only a cache of the changelog topics: it is wiped and the stores are restored from them.
     */
    private KafkaStreams startStreams(Supplier<KafkaStreams> factory, ProcessorConfig config) {
        KafkaStreams first = factory.get();
        try {
            first.start();
            return first;
        } catch (StreamsException e) {
            if (!causedByUnreadableState(e)) {
                first.close(Duration.ofSeconds(30));
                throw e;
            }
            LOG.warn(
                    "the local state under {} cannot be opened ({}); it is wiped and restored from the changelog topics",
                    config.stateDir(),
                    rootMessage(e));
            first.close(Duration.ofSeconds(30));
        }
        KafkaStreams fresh = factory.get();
        fresh.cleanUp();
        localStateWiped = true;
        fresh.start();
        return fresh;
    }

    static boolean causedByUnreadableState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProcessorStateException || t instanceof RocksDBException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * Validates the configuration and starts everything. Other instances reach this one's HTTP API at
     * {@code VANTAGE_ADVERTISED_HOST}, by default the bind address (or this machine's), see {@link #advertisedHost}.
     */
    public static DetectionService start(ProcessorConfig config, String httpHost) {
        ProcessorConfig valid = config.validate();
        return new DetectionService(valid, httpHost, valid.advertisedHost());
    }

    /** The host and port other instances forward to this one at. */
    public HostInfo address() {
        return self;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** True when the local state could not be opened at start and was rebuilt from the changelog topics. */
    public boolean localStateWiped() {
        return localStateWiped;
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
            history.close();
            incidents.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
    }
}
