package org.vantage.detect;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.global.GlobalIncident;
import org.vantage.detect.global.GlobalIncidentProcessor;
import org.vantage.detect.global.GlobalOutageDetector;
import org.vantage.detect.global.GlobalOutput;
import org.vantage.detect.incident.CountryOutput;
import org.vantage.detect.incident.CountryProcessor;
import org.vantage.detect.model.CountryState;
import org.vantage.detect.model.CountryVerdicts;
import org.vantage.detect.model.DetectionMetrics;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.PlatformStatus;
import org.vantage.detect.model.StoreNames;
import org.vantage.detect.serde.JsonSerde;
import org.vantage.detect.validate.DeadLetter;
import org.vantage.detect.validate.InputValidator;
import org.vantage.detect.validate.Validated;
import org.vantage.detect.validate.ValidationProcessor;
import org.vantage.detect.verdict.Baseline;
import org.vantage.detect.verdict.NetworkOutput;
import org.vantage.detect.verdict.NetworkWindowProcessor;
import org.vantage.detect.window.LateTally;
import org.vantage.detect.window.NetworkState;
import org.vantage.detect.window.SparseLedger;
import org.vantage.detect.window.WindowSummary;
import org.vantage.detect.window.WriteBackStore;
import org.vantage.registry.serde.AvroSerde;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.topics.VantageTopic;

/**
 * The whole detection topology, top to bottom. Every processor, store and internal topic is named.
 *
 * <pre>
 * measurements (bytes, key CC:ASN) ─ validate-measurements ─┐  [signature first: global table probe-enrollments]
 * heartbeats   (bytes, key CC:ASN) ─ validate-heartbeats ───┴ merge ─ summarise-networks ─┬ dead letters (rejected, too late)
 *       [per network, no repartition: dedup, windows, baselines, verdicts, silence punctuation] │
 *                                                                                            └ status ─ vantage.network-status.v1 (key CC)
 * vantage.network-status.v1 ─ assess-countries [country status, incidents; reads global tables
 *                                               network-reference and platform-status-global]
 *       ├ alerts ─ vantage.alerts.v1 + vantage.incidents.v1 (key incident id)
 *       └ platform verdicts ─ repartition "global-status" (key ZZ, one partition) ─ track-global-outage
 *             [window by window once every country reported it]
 *             ├ vantage.alerts.v1 + vantage.incidents.v1 (one incident per global outage)
 *             └ every platform's status per decided window ─ vantage.platform-status.v1 ─ (global table)
 *                 ─ back to assess-countries, which steps its incidents of a window once the window is decided
 * </pre>
 *
 * Raw measurements are never shuffled: the only records crossing partitions are one status per network and
 * window, and one verdict per country, platform and window.
 */
public final class VantageTopology {
    /** Name of the one-partition repartition topic feeding the global incident: {@code <application.id>-global-status-repartition}. */
    public static final String GLOBAL_STATUS_REPARTITION = "global-status";

    private VantageTopology() {}

    /** Where state lives: RocksDB (the default, bounded by disk) or the heap (tests, small deployments). */
    public enum StoreType {
        PERSISTENT,
        IN_MEMORY
    }

    /**
     * Builds the topology. {@code streamsProperties} are the application's Streams settings: with
     * {@code ensure.explicit.internal.resource.naming=true} among them, building fails if any internal
     * topic or store were left with a generated name.
     */
    public static Topology build(
            DetectionThresholds t,
            Map<String, ?> serdeConfig,
            DetectionMetrics metrics,
            StoreType stores,
            Properties streamsProperties) {
        Serde<NetworkInfo> networkInfoSerde = avro(NetworkInfo.class, serdeConfig);
        Serde<DisruptionAlert> alertSerde = avro(DisruptionAlert.class, serdeConfig);
        Serde<NetworkStatus> statusSerde = JsonSerde.of(NetworkStatus.class);
        Serde<PlatformStatus> platformStatusSerde = JsonSerde.of(PlatformStatus.class);
        Serde<CountryVerdicts> verdictSerde = JsonSerde.of(CountryVerdicts.class);
        InputValidator validator = new InputValidator(t.validation());
        StreamsBuilder b = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));

        // ---- state stores of the per-network stage
        // Write-back stores: updated for every measurement (summaries, network state) or every judged window
        // (baselines), serialised once per commit per changed key (see WriteBackStore); the two hot ones in a
        // compact binary format (BinaryStateSerde) because that serialisation is on every commit's path.
        b.addStateStore(WriteBackStore.builder(
                kv(StoreNames.WINDOW_SUMMARIES, stores), WindowSummary.serde(), WindowSummary::flush));
        b.addStateStore(WriteBackStore.builder(kv(StoreNames.NETWORK_STATE, stores), NetworkState.serde()));
        b.addStateStore(WriteBackStore.builder(kv(StoreNames.BASELINES, stores), JsonSerde.of(Baseline.class)));
        // measurements later than the grace period: seldom, but a spool delivers thousands at once
        b.addStateStore(WriteBackStore.builder(kv(StoreNames.LATE_EVIDENCE, stores), LateTally.serde()));
        // sparse sources (OONI): a few measurements per network and hour, so a plain store is cheap enough
        b.addStateStore(Stores.keyValueStoreBuilder(
                kv(StoreNames.SPARSE_LEDGER, stores), Serdes.String(), JsonSerde.of(SparseLedger.class)));
        // ---- state stores of the per-country and per-platform stages
        b.addStateStore(Stores.keyValueStoreBuilder(
                kv(StoreNames.COUNTRY_NETWORK_STATUS, stores), Serdes.String(), NetworkStatus.storeSerde()));
        b.addStateStore(Stores.keyValueStoreBuilder(
                kv(StoreNames.COUNTRY_WINDOW_STATUS, stores), Serdes.String(), NetworkStatus.storeSerde()));
        b.addStateStore(Stores.keyValueStoreBuilder(
                kv(StoreNames.COUNTRY_SPARSE_STATUS, stores), Serdes.String(), statusSerde));
        b.addStateStore(Stores.keyValueStoreBuilder(
                kv(StoreNames.COUNTRY_STATE, stores), Serdes.String(), JsonSerde.of(CountryState.class)));
        // The global view holds every country's verdicts and is updated for every country's report: write-back, or each
        // report would read and write all countries' verdicts (to the changelog too), a cost growing with the square of
        // the number of countries.
        b.addStateStore(WriteBackStore.builder(
                kv(StoreNames.GLOBAL_INCIDENT, stores), JsonSerde.of(GlobalIncident.State.class)));
        // the verdicts of windows not decided yet, one record per country and window (a backlog stays many small
        // records)
        b.addStateStore(Stores.keyValueStoreBuilder(
                kv(StoreNames.GLOBAL_PENDING_VERDICTS, stores), Serdes.String(), verdictSerde));

        // ---- reference data and the global platform view, replicated to every instance
        b.globalTable(
                VantageTopic.NETWORKS.topicName(),
                Consumed.with(Serdes.String(), networkInfoSerde).withName("networks-source"),
                Materialized.<String, NetworkInfo, KeyValueStore<Bytes, byte[]>>as(StoreNames.NETWORK_REFERENCE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(networkInfoSerde));
        b.globalTable(
                VantageTopic.PLATFORM_STATUS.topicName(),
                Consumed.with(Serdes.String(), platformStatusSerde).withName("platform-status-source"),
                Materialized.<String, PlatformStatus, KeyValueStore<Bytes, byte[]>>as(StoreNames.PLATFORM_STATUS_GLOBAL)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(platformStatusSerde));

        if (t.trust().checked()) {
            // raw Avro bytes: the validation step decodes an enrollment only when it changed (ProbeAuthenticator); on
            // the
            // heap because it is looked up for every record and holds one small entry per probe (restored from its
            // topic)
            b.globalTable(
                    VantageTopic.PROBE_ENROLLMENTS.topicName(),
                    Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("probe-enrollments-source"),
                    Materialized.<String, byte[]>as(Stores.inMemoryKeyValueStore(StoreNames.PROBE_ENROLLMENTS))
                            .withKeySerde(Serdes.String())
                            .withValueSerde(Serdes.ByteArray()));
        }

        // ---- 1. per network: verify the probe's signature, validate raw bytes, then window, judge and watch for
        // silence
        KStream<String, Validated> measurements = b.stream(
                        VantageTopic.MEASUREMENTS.topicName(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("measurements-source"))
                .process(
                        () -> new ValidationProcessor<>(Measurement.class, serdeConfig, validator, metrics),
                        Named.as("validate-measurements"));
        KStream<String, Validated> heartbeats = b.stream(
                        VantageTopic.HEARTBEATS.topicName(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("heartbeats-source"))
                .process(
                        () -> new ValidationProcessor<>(ProbeHeartbeat.class, serdeConfig, validator, metrics),
                        Named.as("validate-heartbeats"));
        Map<String, KStream<String, NetworkOutput>> network = measurements
                .merge(heartbeats, Named.as("merge-network-inputs"))
                .process(
                        () -> new NetworkWindowProcessor(t.window(), t.verdict(), metrics),
                        Named.as("summarise-networks"),
                        StoreNames.WINDOW_SUMMARIES,
                        StoreNames.BASELINES,
                        StoreNames.NETWORK_STATE,
                        StoreNames.SPARSE_LEDGER,
                        StoreNames.LATE_EVIDENCE)
                .split(Named.as("network-"))
                .branch((k, v) -> v instanceof NetworkOutput.DeadLettered, Branched.as("dead-letters"))
                .defaultBranch(Branched.as("status"));
        network.get("network-dead-letters")
                .map(
                        (k, v) -> {
                            DeadLetter dl = ((NetworkOutput.DeadLettered) v).deadLetter();
                            return KeyValue.pair(dl.key(), dl.value());
                        },
                        Named.as("dead-letter-bytes"))
                .to(
                        VantageTopic.DEAD_LETTERS.topicName(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letters-sink"));
        network.get("network-status")
                .mapValues(v -> ((NetworkOutput.Status) v).status(), Named.as("unwrap-status"))
                .to(
                        VantageTopic.NETWORK_STATUS.topicName(),
                        Produced.with(Serdes.String(), statusSerde).withName("network-status-sink"));

        // ---- 2. per country: national verdict, classification, incidents
        Map<String, KStream<String, CountryOutput>> country = b.stream(
                        VantageTopic.NETWORK_STATUS.topicName(),
                        Consumed.with(Serdes.String(), statusSerde).withName("network-status-source"))
                .process(
                        () -> new CountryProcessor(t.national(), t.incident(), metrics),
                        Named.as("assess-countries"),
                        StoreNames.COUNTRY_NETWORK_STATUS,
                        StoreNames.COUNTRY_WINDOW_STATUS,
                        StoreNames.COUNTRY_STATE,
                        StoreNames.COUNTRY_SPARSE_STATUS)
                .split(Named.as("country-"))
                .branch((k, v) -> v instanceof CountryOutput.Alert, Branched.as("alerts"))
                .defaultBranch(Branched.as("verdicts"));
        KStream<String, DisruptionAlert> alerts = country.get("country-alerts")
                .mapValues(v -> ((CountryOutput.Alert) v).alert(), Named.as("unwrap-alerts"));
        alerts.to(
                VantageTopic.ALERTS.topicName(),
                Produced.with(Serdes.String(), alertSerde).withName("alerts-sink"));
        alerts.to(
                VantageTopic.INCIDENTS.topicName(),
                Produced.with(Serdes.String(), alertSerde).withName("incidents-sink"));

        // ---- 3. one global view (one key, one task): which platforms fail in several countries at once, decided
        // window by
        // window once every country reported it; one incident per global outage, however many countries and platforms
        // it
        // spans; each platform's status with the decision, which the country stage waits for (global table above)
        GlobalOutageDetector detector = new GlobalOutageDetector(t.global());
        GlobalIncident globalIncident = new GlobalIncident(t.global());
        Map<String, KStream<String, GlobalOutput>> global = country.get("country-verdicts")
                .map(
                        (k, v) -> KeyValue.pair(GlobalIncident.KEY, ((CountryOutput.Verdicts) v).verdicts()),
                        Named.as("key-global"))
                .repartition(Repartitioned.with(Serdes.String(), verdictSerde)
                        .withName(GLOBAL_STATUS_REPARTITION)
                        .withNumberOfPartitions(1))
                .process(
                        () -> new GlobalIncidentProcessor(globalIncident, detector, t.global(), metrics),
                        Named.as("track-global-outage"),
                        StoreNames.GLOBAL_INCIDENT,
                        StoreNames.GLOBAL_PENDING_VERDICTS)
                .split(Named.as("global-"))
                .branch((k, v) -> v instanceof GlobalOutput.Alert, Branched.as("alerts"))
                .defaultBranch(Branched.as("statuses"));
        global.get("global-statuses")
                .mapValues(v -> ((GlobalOutput.Status) v).status(), Named.as("unwrap-platform-status"))
                .to(
                        VantageTopic.PLATFORM_STATUS.topicName(),
                        Produced.with(Serdes.String(), platformStatusSerde).withName("platform-status-sink"));
        KStream<String, DisruptionAlert> globalAlerts = global.get("global-alerts")
                .mapValues(v -> ((GlobalOutput.Alert) v).alert(), Named.as("unwrap-global-alerts"));
        globalAlerts.to(
                VantageTopic.ALERTS.topicName(),
                Produced.with(Serdes.String(), alertSerde).withName("global-alerts-sink"));
        globalAlerts.to(
                VantageTopic.INCIDENTS.topicName(),
                Produced.with(Serdes.String(), alertSerde).withName("global-incidents-sink"));
        return b.build(streamsProperties);
    }

    private static org.apache.kafka.streams.state.KeyValueBytesStoreSupplier kv(String name, StoreType stores) {
        return stores == StoreType.PERSISTENT
                ? Stores.persistentKeyValueStore(name)
                : Stores.inMemoryKeyValueStore(name);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> avro(
            Class<T> type, Map<String, ?> config) {
        AvroSerde<T> serde = AvroSerde.of(type);
        serde.configure(config, false);
        return serde;
    }
}
