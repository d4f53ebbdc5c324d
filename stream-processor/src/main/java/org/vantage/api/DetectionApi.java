package org.vantage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.vantage.api.fleet.FleetFeed;
import org.vantage.api.fleet.FleetJson;
import org.vantage.api.fleet.FleetMetrics;
import org.vantage.api.fleet.FleetView;
import org.vantage.api.history.StatusHistory;
import org.vantage.api.incidents.IncidentLog;
import org.vantage.api.incidents.IncidentTimeline;
import org.vantage.detect.config.NationalSettings;
import org.vantage.detect.model.CountryState;
import org.vantage.detect.model.Headlines;
import org.vantage.detect.model.IncidentState;
import org.vantage.detect.model.NetworkShares;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.PastIncident;
import org.vantage.detect.model.StoreNames;
import org.vantage.detect.serde.JsonSerde;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.NetworkInfo;

/**
 * HTTP interface of the stream processor (Javalin), answering from the processor's own state stores:
 * <ul>
 *   <li>{@code GET /health}: 200 while Kafka Streams is RUNNING or REBALANCING, 503 otherwise;</li>
 *   <li>{@code GET /metrics}: Prometheus text format (our metrics, Kafka Streams' own, the streams state as
 *       {@code vantage_streams_state{state}} and the fleet per country, see {@link FleetMetrics});</li>
 *   <li>{@code GET /api/countries}: every country at a glance (networks, probes, coverage, open incidents, last data);</li>
 *   <li>{@code GET /api/countries/{cc}/status}: latest verdict per network and platform (with the network's share of
 *       the country's users), and the open incidents;</li>
 *   <li>{@code GET /api/countries/{cc}/history}: every network's per-platform verdicts of the last hours, window by
 *       window (see {@link StatusHistory});</li>
 *   <li>{@code GET /api/incidents[?country=CC]}: open incidents with their evidence, and recent resolved ones (with
 *       their own classification, scope and headline from the incident log);</li>
 *   <li>{@code GET /api/incidents/{id}/timeline}: the incident's latest state (techniques, sample measurements) and a
 *       strip per network of the country over the incident's span, coloured by verdict;</li>
 *   <li>{@code GET /api/fleet[?country=CC]}: probes per network (alive, silent, versions, clock offsets,
 *       measurements per minute), coverage gaps and the fleet configurations that apply;</li>
 *   <li>{@code GET /api/alerts/stream}: server-sent events, one {@code alert} event per DisruptionAlert.</li>
 * </ul>
 * With several instances, a country's state lives on the instance that owns its partition: status and incidents
 * of a country are forwarded to that instance ({@link Instances}, from Kafka Streams' interactive-query metadata),
 * and the incidents of every country are gathered from every instance, so any instance answers for every country.
 * History, timelines, fleet and the alert stream come from topics every instance reads whole.
 */
public final class DetectionApi implements AutoCloseable {
    private final ObjectMapper json = JsonSerde.mapper();
    private final StoreAccess stores;
    private final Supplier<KafkaStreams.State> state;
    private final PrometheusMeterRegistry metrics;
    private final AlertBroadcaster broadcaster;
    private final Supplier<FleetFeed.Snapshot> fleet;
    private final int minProbes;
    private final NationalSettings settings;
    private final FleetMetrics fleetMetrics;
    private final StatusHistory history;
    private final IncidentLog incidentLog;
    private final Instances instances;
    private final Forwarder forwarder = new Forwarder();
    private Javalin app;

    /**
     * @param fleet     the fleet feed's current snapshot, for {@code /api/fleet}
     * @param settings  the country stage's settings (the probes a network needs; how sparse sources are judged)
     * @param history   recent network statuses, for {@code /api/countries/{cc}/history} and incident timelines
     * @param incidentLog latest state of each incident, for resolved incidents and timelines
     * @param instances the application's instances, to forward a country's questions to its owner
     */
    public DetectionApi(
            StoreAccess stores,
            Supplier<KafkaStreams.State> state,
            PrometheusMeterRegistry metrics,
            AlertBroadcaster broadcaster,
            Supplier<FleetFeed.Snapshot> fleet,
            NationalSettings settings,
            StatusHistory history,
            IncidentLog incidentLog,
            Instances instances) {
        int minProbes = settings.minProbes();
        this.settings = settings;
        this.stores = stores;
        this.state = state;
        this.metrics = metrics;
        this.broadcaster = broadcaster;
        this.fleet = fleet;
        this.minProbes = minProbes;
        this.fleetMetrics = new FleetMetrics(metrics, minProbes);
        this.history = history;
        this.incidentLog = incidentLog;
        this.instances = instances;
        // one series per state, 1 for the current one: Prometheus can alert on "not RUNNING for 5 minutes"
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            Gauge.builder("vantage.streams.state", () -> state.get() == s ? 1 : 0)
                    .tag("state", s.name())
                    .description("1 for the Kafka Streams client's current state, 0 for the others")
                    .register(metrics);
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
                    cfg.routes.get("/api/countries", this::countries);
                    cfg.routes.get("/api/countries/{cc}/status", this::countryStatus);
                    cfg.routes.get("/api/countries/{cc}/history", this::countryHistory);
                    cfg.routes.get("/api/incidents", this::incidents);
                    cfg.routes.get("/api/incidents/{id}/timeline", this::incidentTimeline);
                    cfg.routes.get("/api/fleet", this::fleet);
                    cfg.routes.sse("/api/alerts/stream", broadcaster::add);
                    cfg.routes.exception(InvalidStateStoreException.class, (e, ctx) -> {
                        ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
                        writeJson(
                                ctx,
                                Map.of(
                                        "error",
                                        "state stores not available yet (starting or rebalancing): " + e.getMessage()));
                    });
                })
                .start(host, port);
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
        fleetMetrics.update(
                FleetView.of(snapshot.heartbeats(), reference, null, snapshot.fleetNow(), minProbes),
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

    /**
     * The share of the country's users each network stands for, by the detector's own rule (reference table's
     * share, else subscribers, else an equal split; see {@link NetworkShares}), so the grid shows what alerts weigh.
     */
    private Map<Long, Double> userShares(String cc, List<Long> observedAsns) {
        ReadOnlyKeyValueStore<String, NetworkInfo> reference = stores.keyValueStore(StoreNames.NETWORK_REFERENCE);
        List<NetworkInfo> country = new ArrayList<>();
        try (KeyValueIterator<String, NetworkInfo> it = reference.range(cc + ":", cc + ":\uffff")) {
            it.forEachRemaining(kv -> country.add(kv.value));
        }
        return NetworkShares.of(country, observedAsns);
    }

    /** The path's country code, or null after answering 400. */
    private String countryParam(Context ctx) {
        String cc = ctx.pathParam("cc");
        if (!cc.matches("[A-Z]{2}")) {
            ctx.status(HttpStatus.BAD_REQUEST);
            writeJson(ctx, Map.of("error", "country must be an upper-case ISO 3166-1 alpha-2 code, got '" + cc + "'"));
            return null;
        }
        return cc;
    }

    private void countries(Context ctx) {
        List<NetworkInfo> reference = referenceNetworks();
        FleetFeed.Snapshot snapshot = fleet.get();
        FleetView view = FleetView.of(snapshot.heartbeats(), reference, null, snapshot.fleetNow(), minProbes);
        List<DisruptionAlert> open = incidentLog.open();
        List<Map<String, Object>> rows =
                CountrySummaries.of(reference, view, snapshot.lastHeardByCountry(), history.newestWindowEnds(), open)
                        .stream()
                        .map(CountrySummaries.Row::json)
                        .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("minProbes", minProbes);
        body.put(
                "globalOpenIncidents",
                open.stream()
                        .filter(a -> CountrySummaries.GLOBAL.equals(a.getCountry()))
                        .map(DisruptionAlert::getHeadline)
                        .toList());
        body.put("countries", rows);
        writeJson(ctx, body);
    }

    private void countryHistory(Context ctx) {
        String cc = countryParam(ctx);
        if (cc == null) {
            return;
        }
        ReadOnlyKeyValueStore<String, NetworkInfo> reference = stores.keyValueStore(StoreNames.NETWORK_REFERENCE);
        Map<Long, Map<String, Object>> networks = new TreeMap<>();
        List<StatusHistory.Point> points = history.country(cc);
        Map<Long, Double> shares = userShares(
                cc, points.stream().map(StatusHistory.Point::asn).distinct().toList());
        for (StatusHistory.Point p : points) {
            Map<String, Object> n = networks.computeIfAbsent(p.asn(), asn -> {
                NetworkInfo info = reference.get(cc + ":" + asn);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("asn", asn);
                m.put("name", info == null ? "AS" + asn : info.getName());
                m.put("networkType", p.networkType());
                m.put("userShare", shares.get(asn));
                m.put("points", new ArrayList<Map<String, Object>>());
                return m;
            });
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("windowStart", p.windowStart());
            point.put("windowEnd", p.windowEnd());
            point.put("silent", p.silent());
            point.put("platforms", p.platforms());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> networkPoints = (List<Map<String, Object>>) n.get("points");
            networkPoints.add(point);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("country", cc);
        body.put("retentionSeconds", history.retention().toSeconds());
        body.put("networks", List.copyOf(networks.values()));
        writeJson(ctx, body);
    }

    private void countryStatus(Context ctx) {
        String cc = countryParam(ctx);
        if (cc == null || forwardedToOwner(ctx, cc)) {
            return;
        }
        ReadOnlyKeyValueStore<String, NetworkStatus> statuses = stores.keyValueStore(StoreNames.COUNTRY_NETWORK_STATUS);
        // interactive queries serve the (timestamped) global table without its timestamps
        ReadOnlyKeyValueStore<String, NetworkInfo> reference = stores.keyValueStore(StoreNames.NETWORK_REFERENCE);
        List<NetworkStatus> latest = new ArrayList<>();
        try (KeyValueIterator<String, NetworkStatus> it = statuses.range(cc + "|", cc + "|\uffff")) {
            it.forEachRemaining(kv -> latest.add(kv.value));
        }
        // networks seen only by a sparse source (OONI) are shown with the verdicts the detector draws from its votes
        SourceMix mix = SourceMix.of(stores.keyValueStore(StoreNames.COUNTRY_SPARSE_STATUS), cc, settings);
        Set<Long> own = new HashSet<>();
        latest.forEach(s -> own.add(s.asn()));
        mix.judged().stream().filter(s -> !own.contains(s.asn())).forEach(latest::add);
        Map<Long, Double> shares =
                userShares(cc, latest.stream().map(NetworkStatus::asn).toList());
        List<Map<String, Object>> networks = new ArrayList<>();
        for (NetworkStatus s : latest) {
            NetworkInfo info = reference.get(s.networkKey());
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("asn", s.asn());
            n.put("name", info == null ? "AS" + s.asn() : info.getName());
            n.put("networkType", s.networkType());
            n.put("userShare", shares.get(s.asn()));
            n.put("windowStart", Instant.ofEpochMilli(s.windowStart()).toString());
            n.put("windowEnd", Instant.ofEpochMilli(s.windowEnd()).toString());
            n.put("silent", s.silent());
            n.put("platforms", s.platforms());
            n.put("sources", mix.sources(s, own.contains(s.asn())));
            networks.add(n);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("country", cc);
        body.put("networks", networks);
        body.put(
                "openIncidents",
                incidentViews(cc).stream()
                        .filter(v -> "OPEN".equals(v.get("status")))
                        .toList());
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
        if (country != null && forwardedToOwner(ctx, country)) {
            return;
        }
        List<Map<String, Object>> all = new ArrayList<>(incidentViews(country));
        if (country == null && ctx.header(Forwarder.HEADER) == null) {
            // every country: each instance lists those it owns
            for (HostInfo other : instances.others()) {
                Forwarder.Answer answer;
                try {
                    answer = forwarder.get(other, "/api/incidents");
                } catch (IOException e) {
                    unavailable(
                            ctx,
                            "instance " + other + " holding part of the countries cannot be reached: "
                                    + e.getMessage());
                    return;
                }
                if (answer.status() != 200) {
                    ctx.status(answer.status()).contentType("application/json").result(answer.body());
                    return;
                }
                try {
                    for (JsonNode incident : json.readTree(answer.body()).path("incidents")) {
                        all.add(json.convertValue(incident, new TypeReference<Map<String, Object>>() {}));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    unavailable(ctx, "instance " + other + " answered what is not an incident list: " + e.getMessage());
                    return;
                }
            }
        }
        writeJson(ctx, Map.of("incidents", all));
    }

    /**
     * When another instance owns the country's state, answers with its answer and returns true. A request that
     * was itself forwarded is answered here (no second hop, even during a rebalance).
     */
    private boolean forwardedToOwner(Context ctx, String country) {
        if (ctx.header(Forwarder.HEADER) != null) {
            return false;
        }
        Optional<HostInfo> owner = instances.remoteOwner(country);
        if (owner.isEmpty()) {
            return false;
        }
        String query = ctx.queryString();
        try {
            Forwarder.Answer answer = forwarder.get(owner.get(), ctx.path() + (query == null ? "" : "?" + query));
            ctx.status(answer.status()).contentType("application/json").result(answer.body());
        } catch (IOException e) {
            unavailable(
                    ctx,
                    "the instance holding " + country + " (" + owner.get() + ") cannot be reached: " + e.getMessage());
        }
        return true;
    }

    private void unavailable(Context ctx, String why) {
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
        writeJson(ctx, Map.of("error", why + "; retry (instances may be rebalancing)"));
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
                        v.put("headline", Headlines.headline(AlertStatus.UPDATED, cs.country, s.lastCandidate));
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
                    v.put(
                            "endTime",
                            p.endTime() == null
                                    ? null
                                    : Instant.ofEpochMilli(p.endTime()).toString());
                    // the detector's recurrence history keeps only the signature; the incident's own last state says
                    // what it was
                    incidentLog.get(cs.country, p.incidentId()).ifPresent(a -> {
                        v.put("classification", a.getClassification().name());
                        v.put("scope", a.getScope().name());
                        v.put("headline", a.getHeadline());
                        v.put("affectedUserShare", a.getAffectedUserShare());
                    });
                    out.add(v);
                }
            });
        }
        return out;
    }

    private void incidentTimeline(Context ctx) {
        String id = ctx.pathParam("id");
        DisruptionAlert alert = incidentLog.get(id).orElse(null);
        if (alert == null) {
            ctx.status(HttpStatus.NOT_FOUND);
            writeJson(ctx, Map.of("error", "no incident '" + id + "' in the incident log (it may still be loading)"));
            return;
        }
        String cc = alert.getCountry();
        ReadOnlyKeyValueStore<String, NetworkInfo> reference = stores.keyValueStore(StoreNames.NETWORK_REFERENCE);
        writeJson(
                ctx,
                IncidentTimeline.render(
                        alert,
                        history.country(cc),
                        asn -> {
                            NetworkInfo info = reference.get(cc + ":" + asn);
                            return info == null ? "AS" + asn : info.getName();
                        },
                        asns -> userShares(cc, asns)));
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
