package org.vantage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.vantage.api.fleet.FleetFeed;
import org.vantage.api.fleet.FleetJson;
import org.vantage.api.fleet.FleetMetrics;
import org.vantage.api.fleet.FleetView;
import org.vantage.detect.StoreNames;
import org.vantage.detect.incident.AlertFactory;
import org.vantage.detect.incident.IncidentState;
import org.vantage.detect.incident.PastIncident;
import org.vantage.detect.national.CountryState;
import org.vantage.detect.serde.JsonSerde;
import org.vantage.detect.verdict.NetworkStatus;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.NetworkInfo;

/**
 * HTTP interface of the stream processor (Javalin), answering from the processor's own state stores:
 * <ul>
 *   <li>{@code GET /health}: 200 while Kafka Streams is RUNNING or REBALANCING, 503 otherwise;</li>
 *   <li>{@code GET /metrics}: Prometheus text format (our metrics, Kafka Streams' own, the streams state as
 *       {@code vantage_streams_state{state}} and the fleet per country, see {@link FleetMetrics});</li>
 *   <li>{@code GET /api/countries/{cc}/status}: latest verdict per network and platform, and the open incidents;</li>
 *   <li>{@code GET /api/incidents[?country=CC]}: open incidents with their evidence, and recent resolved ones;</li>
 *   <li>{@code GET /api/fleet[?country=CC]}: probes per network (alive, silent, versions, clock offsets,
 *       measurements per minute), coverage gaps and the fleet configurations that apply;</li>
 *   <li>{@code GET /api/alerts/stream}: server-sent events, one {@code alert} event per DisruptionAlert.</li>
 * </ul>
 * Stores are read locally: with several instances, a country's state lives on the instance that owns its
 * partition (see README).
 */
public final class DetectionApi implements AutoCloseable {
    private final ObjectMapper json = JsonSerde.mapper();
    private final StoreAccess stores;
    private final Supplier<KafkaStreams.State> state;
    private final PrometheusMeterRegistry metrics;
    private final AlertBroadcaster broadcaster;
    private final Supplier<FleetFeed.Snapshot> fleet;
    private final int minProbes;
    private final FleetMetrics fleetMetrics;
    private Javalin app;

    /**
     * @param fleet     the fleet feed's current snapshot, for {@code /api/fleet}
     * @param minProbes distinct alive probes a network needs to be judged (the detector's threshold)
     */
    public DetectionApi(StoreAccess stores, Supplier<KafkaStreams.State> state, PrometheusMeterRegistry metrics,
            AlertBroadcaster broadcaster, Supplier<FleetFeed.Snapshot> fleet, int minProbes) {
        this.stores = stores;
        this.state = state;
        this.metrics = metrics;
        this.broadcaster = broadcaster;
        this.fleet = fleet;
        this.minProbes = minProbes;
        this.fleetMetrics = new FleetMetrics(metrics, minProbes);
        // one series per state, 1 for the current one: Prometheus can alert on "not RUNNING for 5 minutes"
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            Gauge.builder("vantage.streams.state", () -> state.get() == s ? 1 : 0).tag("state", s.name())
                    .description("1 for the Kafka Streams client's current state, 0 for the others").register(metrics);
        }
    }

    /** Starts on 127.0.0.1-or-any host at {@code port} (0 = a free port); see {@link #port()}. */
    public DetectionApi start(String host, int port) {
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            // the live dashboard (static ES modules, no build step) at "/"
            cfg.staticFiles.add("/dashboard", Location.CLASSPATH);
            cfg.routes.get("/health", this::health);
            cfg.routes.get("/metrics", this::metrics);
            cfg.routes.get("/api/countries/{cc}/status", this::countryStatus);
            cfg.routes.get("/api/incidents", this::incidents);
            cfg.routes.get("/api/fleet", this::fleet);
            cfg.routes.sse("/api/alerts/stream", broadcaster::add);
            cfg.routes.exception(InvalidStateStoreException.class, (e, ctx) -> {
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
                writeJson(ctx, Map.of("error", "state stores not available yet (starting or rebalancing): " + e.getMessage()));
            });
        }).start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    private void health(Context ctx) {
        KafkaStreams.State s = state.get();
        boolean up = s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
        writeJson(ctx, Map.of("status", up ? "UP" : "DOWN", "streams", s.name()));
    }

    private void metrics(Context ctx) {
        refreshFleetMetrics();
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    /** The fleet gauges are computed at scrape time; while the reference table is unavailable they keep their values. */
    private void refreshFleetMetrics() {
        List<NetworkInfo> reference;
        try {
            reference = referenceNetworks();
        } catch (InvalidStateStoreException e) {
            return;
        }
        FleetFeed.Snapshot snapshot = fleet.get();
        fleetMetrics.update(FleetView.of(snapshot.heartbeats(), reference, null, snapshot.fleetNow(), minProbes),
                snapshot.lastHeardByCountry());
    }

    private List<NetworkInfo> referenceNetworks() {
        List<NetworkInfo> reference = new ArrayList<>();
        ReadOnlyKeyValueStore<String, NetworkInfo> networks = stores.keyValueStore(StoreNames.NETWORK_REFERENCE);
        try (KeyValueIterator<String, NetworkInfo> it = networks.all()) {
            it.forEachRemaining(kv -> reference.add(kv.value));
        }
        return reference;
    }

    private void countryStatus(Context ctx) {
        String cc = ctx.pathParam("cc");
        if (!cc.matches("[A-Z]{2}")) {
            ctx.status(HttpStatus.BAD_REQUEST);
            writeJson(ctx, Map.of("error", "country must be an upper-case ISO 3166-1 alpha-2 code, got '" + cc + "'"));
            return;
        }
        ReadOnlyKeyValueStore<String, NetworkStatus> statuses = stores.keyValueStore(StoreNames.COUNTRY_NETWORK_STATUS);
        // interactive queries serve the (timestamped) global table without its timestamps
        ReadOnlyKeyValueStore<String, NetworkInfo> reference = stores.keyValueStore(StoreNames.NETWORK_REFERENCE);
        List<Map<String, Object>> networks = new ArrayList<>();
        try (KeyValueIterator<String, NetworkStatus> it = statuses.range(cc + "|", cc + "|\uffff")) {
            it.forEachRemaining(kv -> {
                NetworkStatus s = kv.value;
                NetworkInfo info = reference.get(s.networkKey());
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("asn", s.asn());
                n.put("name", info == null ? "AS" + s.asn() : info.getName());
                n.put("networkType", s.networkType());
                n.put("windowStart", Instant.ofEpochMilli(s.windowStart()).toString());
                n.put("windowEnd", Instant.ofEpochMilli(s.windowEnd()).toString());
                n.put("silent", s.silent());
                n.put("platforms", s.platforms());
                networks.add(n);
            });
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("country", cc);
        body.put("networks", networks);
        body.put("openIncidents", incidentViews(cc).stream().filter(v -> "OPEN".equals(v.get("status"))).toList());
        writeJson(ctx, body);
    }

    private void fleet(Context ctx) {
        String cc = ctx.queryParam("country");
        if (cc != null && !cc.matches("[A-Z]{2}")) {
            ctx.status(HttpStatus.BAD_REQUEST);
            writeJson(ctx, Map.of("error", "country must be an upper-case ISO 3166-1 alpha-2 code, got '" + cc + "'"));
            return;
        }
        List<NetworkInfo> reference = referenceNetworks();
        FleetFeed.Snapshot snapshot = fleet.get();
        FleetView view = FleetView.of(snapshot.heartbeats(), reference, cc, snapshot.fleetNow(), minProbes);
        writeJson(ctx, FleetJson.of(view, snapshot.configs(), cc));
    }

    private void incidents(Context ctx) {
        String country = ctx.queryParam("country");
        writeJson(ctx, Map.of("incidents", incidentViews(country)));
    }

    /** Open incidents (with their latest evidence) and resolved ones from the recurrence history. */
    private List<Map<String, Object>> incidentViews(String country) {
        ReadOnlyKeyValueStore<String, CountryState> countries = stores.keyValueStore(StoreNames.COUNTRY_STATE);
        List<Map<String, Object>> out = new ArrayList<>();
        try (KeyValueIterator<String, CountryState> it = countries.all()) {
            it.forEachRemaining(kv -> {
                CountryState cs = kv.value;
                if (country != null && !country.equals(cs.country)) {
                    return;
                }
                for (IncidentState s : cs.incidents.values()) {
                    if (s.open && s.lastCandidate != null) {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("incidentId", s.incidentId);
                        v.put("country", cs.country);
                        v.put("status", "OPEN");
                        v.put("sequence", s.sequence);
                        v.put("headline", AlertFactory.headline(AlertStatus.UPDATED, cs.country, s.lastCandidate));
                        v.put("startTime", Instant.ofEpochMilli(s.startTime).toString());
                        v.put("evidence", s.lastCandidate);
                        v.put("relatedIncidents", s.related);
                        out.add(v);
                    }
                }
                for (PastIncident p : cs.history) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("incidentId", p.incidentId());
                    v.put("country", cs.country);
                    v.put("status", "RESOLVED");
                    v.put("platforms", p.platforms());
                    v.put("asns", p.asns());
                    v.put("techniques", p.techniques());
                    v.put("startTime", Instant.ofEpochMilli(p.startTime()).toString());
                    v.put("endTime", p.endTime() == null ? null : Instant.ofEpochMilli(p.endTime()).toString());
                    out.add(v);
                }
            });
        }
        return out;
    }

    private void writeJson(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render response as JSON", e);
        }
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
