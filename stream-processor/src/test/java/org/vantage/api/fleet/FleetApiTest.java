package org.vantage.api.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.api.AlertBroadcaster;
import org.vantage.api.DetectionApi;
import org.vantage.api.Instances;
import org.vantage.api.StoreAccess;
import org.vantage.api.history.StatusHistory;
import org.vantage.api.incidents.IncidentLog;
import org.vantage.detect.model.StoreNames;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.NetworkType;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.schema.Target;
import org.vantage.stack.LocalStack;
import org.vantage.topics.NetworkKey;
import org.vantage.topics.VantageTopic;

/**
 * {@code GET /api/fleet} on a real socket, answering from a real {@link FleetFeed} that reads heartbeats and
 * fleet configurations published to a real broker (the local stack). The heartbeats carry a replayed scenario's
 * clock (2024) while being published now, as the simulator's do.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetApiTest {
    static final Instant SCENARIO = Instant.parse("2024-01-20T13:40:00Z");
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    static Path dir;

    LocalStack stack;
    KafkaProducer<String, SpecificRecord> producer;
    FleetFeed feed;
    DetectionApi api;

    @BeforeAll
    void start() throws Exception {
        stack = LocalStack.builder()
                .dataDir(dir.resolve("stack"))
                .referenceData(false)
                .start();
        Map<String, Object> p = new HashMap<>(stack.clientConfig());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(p, false);
        producer = new KafkaProducer<>(p, new StringSerializer(), values);

        long now = System.currentTimeMillis();
        // published an hour ago: outside the feed's window, so never shown
        heartbeat(now - 3_600_000, hb("gone", "PK", 45669, SCENARIO, 0L, 9, "0.0.9"));
        heartbeat(now, hb("jazz-1", "PK", 45669, SCENARIO, -120L, 10, "0.1.0"));
        heartbeat(now, hb("jazz-2", "PK", 45669, SCENARIO.minusSeconds(20), 35L, 12, "0.1.0"));
        heartbeat(now, hb("jazz-3", "PK", 45669, SCENARIO.minusSeconds(10), 80L, 11, "0.2.0"));
        // ten minutes behind the fleet's clock: more than three 30 s intervals, so silent
        heartbeat(now, hb("jazz-4", "PK", 45669, SCENARIO.minus(Duration.ofMinutes(10)), 9_000L, 50, "0.1.0"));
        heartbeat(now, hb("ptcl-1", "PK", 17557, SCENARIO, 5L, 10, "0.1.0"));
        heartbeat(now, hb("mci-1", "IR", 197207, SCENARIO, 5L, 10, "0.1.0"));
        config(config("*", "v1"));
        config(config("PK", "pk-7"));
        config(config("IR", "ir-2"));
        producer.flush();

        feed = new FleetFeed(stack.clientConfig(), Duration.ofMinutes(15)).start();
        Map<String, NetworkInfo> reference = new TreeMap<>();
        for (NetworkInfo n :
                List.of(network("PK", 45669, "Jazz"), network("PK", 9541, "Cybernet"), network("IR", 197207, "MCI"))) {
            reference.put(new NetworkKey(n.getCountry(), n.getAsn()).toString(), n);
        }
        StoreAccess stores = new StoreAccess() {
            @Override
            @SuppressWarnings("unchecked")
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
                assertThat(name).isEqualTo(StoreNames.NETWORK_REFERENCE);
                return (ReadOnlyKeyValueStore<String, V>) new MapStore<>(new TreeMap<>(reference));
            }
        };
        api = new DetectionApi(
                        stores,
                        () -> KafkaStreams.State.RUNNING,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        new AlertBroadcaster(),
                        feed::snapshot,
                        org.vantage.detect.config.DetectionThresholds.defaults().national(),
                        new StatusHistory(Duration.ofHours(1), 1_000),
                        new IncidentLog(10),
                        Instances.LOCAL)
                .start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (feed != null) {
            feed.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void fleetOfACountryShowsAliveAndSilentProbesGapsAndItsConfiguration() throws Exception {
        // published while the feed runs: the page follows the fleet live
        heartbeat(System.currentTimeMillis(), hb("ptcl-2", "PK", 17557, SCENARIO.plusSeconds(5), 12L, 8, "0.2.0"));
        producer.flush();
        JsonNode body = awaitFleet("PK", 6, 2);

        assertThat(body.get("minProbes").asInt()).isEqualTo(3);
        assertThat(body.get("aliveProbes").asInt()).isEqualTo(5);
        List<Long> asns = new ArrayList<>();
        body.get("networks").forEach(n -> asns.add(n.get("asn").asLong()));
        assertThat(asns).containsExactly(9541L, 17557L, 45669L);

        JsonNode cybernet = body.get("networks").get(0);
        assertThat(cybernet.get("name").asText()).isEqualTo("Cybernet");
        assertThat(cybernet.get("alive").asInt()).isZero();
        assertThat(cybernet.get("coverageGap").asBoolean()).isTrue();

        JsonNode ptcl = body.get("networks").get(1);
        assertThat(ptcl.get("name").asText()).isEqualTo("AS17557");
        assertThat(ptcl.get("alive").asInt()).isEqualTo(2);
        assertThat(ptcl.get("coverageGap").asBoolean()).isTrue();
        assertThat(ptcl.get("measurementsPerMinute").asDouble()).isEqualTo(18.0);

        JsonNode jazz = body.get("networks").get(2);
        assertThat(jazz.get("name").asText()).isEqualTo("Jazz");
        assertThat(jazz.get("alive").asInt()).isEqualTo(3);
        assertThat(jazz.get("silent").asInt()).isEqualTo(1);
        assertThat(jazz.get("coverageGap").asBoolean()).isFalse();
        assertThat(jazz.get("versions").toString()).isEqualTo("[\"0.1.0\",\"0.2.0\"]");
        assertThat(jazz.get("clockOffsetMinMs").asLong()).isEqualTo(-120L);
        assertThat(jazz.get("clockOffsetMaxMs").asLong()).isEqualTo(80L);
        assertThat(jazz.get("measurementsPerMinute").asDouble()).isEqualTo(33.0);
        assertThat(jazz.get("probes").toString()).doesNotContain("\"gone\"").contains("\"jazz-4\"");

        List<String> scopes = new ArrayList<>();
        body.get("fleetConfig")
                .forEach(c -> scopes.add(
                        c.get("scope").asText() + "=" + c.get("version").asText()));
        assertThat(scopes).containsExactly("*=v1", "PK=pk-7");
        assertThat(body.get("fleetConfig").get(1).get("platforms").toString()).isEqualTo("[\"control\",\"twitter\"]");
    }

    @Test
    void withoutACountryEveryCountryIsShownAndABadCountryIsRefused() throws Exception {
        JsonNode all = awaitFleet(null, 6, 3);
        List<String> countries = new ArrayList<>();
        all.get("networks").forEach(n -> countries.add(n.get("country").asText()));
        assertThat(countries).contains("IR", "PK");
        assertThat(all.get("fleetConfig")).hasSize(3);

        HttpResponse<String> bad = get("/api/fleet?country=pakistan");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("ISO 3166-1");
    }

    @Test
    void metricsGiveEachCountrysProbesNetworksCoverageGapsAndWhenItWasLastHeard() throws Exception {
        awaitFleet(null, 6, 3);
        long before = System.currentTimeMillis();
        String metrics = get("/metrics").body();

        assertThat(metrics).contains("vantage_fleet_min_probes 3.0");
        assertThat(metrics)
                .contains("vantage_fleet_networks{country=\"PK\"} 3.0", "vantage_fleet_networks{country=\"IR\"} 1.0");
        // PK: Cybernet has no probe and AS17557 fewer than three; Jazz has three alive
        assertThat(metrics)
                .contains(
                        "vantage_fleet_networks_below_min_probes{country=\"PK\"} 2.0",
                        "vantage_fleet_networks_below_min_probes{country=\"IR\"} 1.0");
        assertThat(metrics)
                .contains(
                        "vantage_fleet_probes{country=\"PK\",state=\"silent\"} 1.0",
                        "vantage_fleet_probes{country=\"IR\",state=\"alive\"} 1.0",
                        "vantage_fleet_probes{country=\"IR\",state=\"silent\"} 0.0");
        assertThat(metrics)
                .contains("vantage_streams_state{state=\"RUNNING\"} 1.0", "vantage_streams_state{state=\"ERROR\"} 0.0");
        // the newest publish time of the country's heartbeats (seconds), not their replayed 2024 event time
        double lastHeard = Double.parseDouble(metrics.lines()
                .filter(l -> l.startsWith("vantage_fleet_last_heartbeat_timestamp_seconds{country=\"IR\"}"))
                .findFirst()
                .orElseThrow()
                .split(" ")[1]);
        assertThat(lastHeard * 1000).isBetween(before - 120_000.0, before + 1.0);
    }

    /** Polls until the feed has caught up with at least {@code probes} probes and {@code configs} configurations (the feed reads asynchronously). */
    JsonNode awaitFleet(String country, int probes, int configs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode body;
        do {
            HttpResponse<String> r = get("/api/fleet" + (country == null ? "" : "?country=" + country));
            assertThat(r.statusCode()).isEqualTo(200);
            body = json.readTree(r.body());
            if (body.get("probes").asInt() >= probes && body.get("fleetConfig").size() >= configs) {
                return body;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return body;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void heartbeat(long publishedAt, ProbeHeartbeat hb) {
        producer.send(new ProducerRecord<>(
                VantageTopic.HEARTBEATS.topicName(),
                null,
                publishedAt,
                new NetworkKey(hb.getCountry(), hb.getAsn()).toString(),
                hb));
    }

    void config(FleetConfig c) {
        producer.send(new ProducerRecord<>(VantageTopic.FLEET_CONFIG.topicName(), c.getScope(), c));
    }

    static ProbeHeartbeat hb(
            String probe, String cc, long asn, Instant at, Long clockOffset, double perMinute, String version) {
        return ProbeHeartbeat.newBuilder()
                .setProbeId(probe)
                .setCountry(cc)
                .setAsn(asn)
                .setNetworkType(NetworkType.MOBILE)
                .setProbeVersion(version)
                .setEventTime(at)
                .setIntervalMs(30_000)
                .setClockOffsetMs(clockOffset)
                .setMeasurementsPerMinute(perMinute)
                .setSimulated(true)
                .build();
    }

    static FleetConfig config(String scope, String version) {
        return FleetConfig.newBuilder()
                .setScope(scope)
                .setVersion(version)
                .setIssuedAt(SCENARIO)
                .setTargets(List.of(
                        Target.newBuilder()
                                .setPlatform("twitter")
                                .setHost("twitter.com")
                                .build(),
                        Target.newBuilder()
                                .setPlatform("control")
                                .setHost("example.org")
                                .build()))
                .build();
    }

    static NetworkInfo network(String cc, long asn, String name) {
        return NetworkInfo.newBuilder()
                .setCountry(cc)
                .setAsn(asn)
                .setName(name)
                .setNetworkType(NetworkType.FIXED)
                .setUserShare(0.2)
                .build();
    }

    /** A read-only store over a sorted map, standing in for the detector's reference table. */
    static final class MapStore<V> implements ReadOnlyKeyValueStore<String, V> {
        private final NavigableMap<String, V> map;

        MapStore(NavigableMap<String, V> map) {
            this.map = map;
        }

        @Override
        public V get(String key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, V> range(String from, String to) {
            return iterator(map.subMap(from, true, to, true));
        }

        @Override
        public KeyValueIterator<String, V> all() {
            return iterator(map);
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }

        private static <V> KeyValueIterator<String, V> iterator(Map<String, V> entries) {
            Iterator<Map.Entry<String, V>> it = new ArrayList<>(entries.entrySet()).iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, V> next() {
                    Map.Entry<String, V> e = it.next();
                    return KeyValue.pair(e.getKey(), e.getValue());
                }

                @Override
                public void close() {}

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException("not used by the API");
                }
            };
        }
    }
}
