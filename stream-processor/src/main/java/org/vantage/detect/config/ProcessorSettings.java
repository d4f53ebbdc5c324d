package org.vantage.detect.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.StreamsConfig;
import org.vantage.config.Check;
import org.vantage.config.Setting;
import org.vantage.config.SettingType;
import org.vantage.config.Settings;
import org.vantage.kafka.ClientProperties;
import org.vantage.kafka.KafkaSettings;

/**
 * Every setting of the stream processor, declared once. The ranges and the rules between settings are
 * enforced by {@link ProcessorConfig#problems()} and {@link DetectionThresholds#problems()}, which also guard
 * configurations built in code; the declarations here document them.
 */
public final class ProcessorSettings {

    private ProcessorSettings() {}

    private static final DetectionThresholds D = DetectionThresholds.defaults();

    public static final Setting<String> BOOTSTRAP_SERVERS =
            KafkaSettings.BOOTSTRAP_SERVERS.toBuilder().defaultText("required").build();
    public static final Setting<String> SCHEMA_REGISTRY_URL = KafkaSettings.SCHEMA_REGISTRY_URL.toBuilder()
            .defaultText("required")
            .build();
    public static final Setting<ClientProperties> CLIENT_PROPERTIES = KafkaSettings.CLIENT_PROPERTIES;
    public static final Setting<String> APPLICATION_ID = Setting.of("streams.application-id", SettingType.STRING)
            .env("VANTAGE_APPLICATION_ID")
            .option("--application-id")
            .defaultValue(ProcessorConfig.DEFAULT_APPLICATION_ID)
            .check(Check.enforcedBy("letters, digits, . _ -"))
            .help("Kafka Streams application id (instances with the same id share the work)")
            .build();
    public static final Setting<Path> STATE_DIR = Setting.of("streams.state-dir", SettingType.PATH)
            .env("VANTAGE_STATE_DIR")
            .option("--state-dir")
            .defaultValue(Path.of(System.getProperty("java.io.tmpdir"), "vantage-detect"))
            .defaultText("${java.io.tmpdir}/vantage-detect")
            .help("directory of the state stores")
            .build();
    public static final Setting<String> PROCESSING_GUARANTEE = Setting.of(
                    "streams.processing-guarantee", SettingType.STRING)
            .env("VANTAGE_PROCESSING_GUARANTEE")
            .option("--processing-guarantee")
            .defaultValue(StreamsConfig.EXACTLY_ONCE_V2)
            .check(Check.enforcedBy("exactly_once_v2 or at_least_once"))
            .help("Kafka Streams processing guarantee")
            .build();
    public static final Setting<Integer> STREAM_THREADS = Setting.of("streams.threads", SettingType.INT)
            .env("VANTAGE_STREAM_THREADS")
            .option("--stream-threads")
            .defaultValue(1)
            .check(Check.enforcedBy(">= 1"))
            .help("stream threads per instance")
            .build();
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.of("streams.commit-interval", SettingType.DURATION)
            .env("VANTAGE_COMMIT_INTERVAL")
            .option("--commit-interval")
            .defaultValue(Duration.ofMillis(500))
            .check(Check.enforcedBy("> 0"))
            .help("alerts become visible on commit (an alert crosses two commits); shorter costs throughput")
            .build();
    public static final Setting<Long> CACHE_MAX_BYTES = Setting.of("streams.cache-max-bytes", SettingType.LONG)
            .env("VANTAGE_CACHE_MAX_BYTES")
            .option("--cache-max-bytes")
            .defaultValue(32L * 1024 * 1024)
            .check(Check.enforcedBy(">= 0"))
            .help("Kafka Streams' record cache, for stores without their own write-back layer")
            .build();
    public static final Setting<Integer> REPLICATION_FACTOR = Setting.of("streams.replication-factor", SettingType.INT)
            .env("VANTAGE_REPLICATION_FACTOR")
            .option("--internal-replication-factor")
            .defaultValue(-1)
            .check(Check.enforcedBy("-1 (broker default) or >= 1"))
            .help("replicas of the internal topics")
            .build();
    public static final Setting<Integer> HTTP_PORT = Setting.of("http.port", SettingType.INT)
            .env("VANTAGE_HTTP_PORT")
            .option("--http-port")
            .defaultValue(8080)
            .check(Check.enforcedBy("0..65535"))
            .help("port of the HTTP API and dashboard (0 = any free port)")
            .build();
    public static final Setting<String> ADVERTISED_HOST = Setting.of("http.advertised-host", SettingType.STRING)
            .env("VANTAGE_ADVERTISED_HOST")
            .option("--advertised-host")
            .defaultValue("")
            .defaultText("--http-host unless a wildcard, else this machine's address")
            .check(Check.enforcedBy("host name or address, no port"))
            .help("host other instances reach this one's HTTP API at (with the port, its application.server), "
                    + "to forward a country's questions to the instance holding it")
            .build();

    public static final Setting<Duration> WINDOW_SIZE = duration(
            "window-size",
            "VANTAGE_WINDOW_SIZE",
            D.windowSize(),
            "> 0",
            "event-time window each measurement is counted in");
    public static final Setting<Duration> GRACE = duration(
            "grace",
            "VANTAGE_GRACE",
            D.grace(),
            ">= 0",
            "how long past a window's end, on the network's clock, its data is awaited before the window is judged, once; "
                    + "later data is late evidence that revises incidents. Every minute of grace is a minute of detection latency");
    /** Kept so that deployments that set it still start; windows are judged once, {@link #GRACE} past their end. */
    public static final Setting<Duration> EMIT_DELAY = Setting.of("detect.emit-delay", SettingType.DURATION)
            .env("VANTAGE_EMIT_DELAY")
            .option("--emit-delay")
            .defaultValue(Duration.ofSeconds(10))
            .deprecated(
                    "has no effect, as a window is judged once, when the network's clock is detect.grace past its end; "
                            + "accepted so that configurations that set it still start, with a warning")
            .help("how far the network's clock passed a window's end before its first, revisable judgement")
            .build();

    public static final Setting<Duration> MAX_FUTURE_SKEW = duration(
            "max-future-skew",
            "VANTAGE_MAX_FUTURE_SKEW",
            D.maxFutureSkew(),
            "> 0",
            "event times further ahead of the wall clock are rejected (bad clock)");
    public static final Setting<Duration> MAX_AGE = duration(
            "max-age",
            "VANTAGE_MAX_AGE",
            D.maxAge(),
            ">= grace",
            "older event times (against the wall clock) are rejected, as is late evidence this far behind its network's clock; the demo widens it for its replay");
    public static final Setting<Integer> MIN_PROBES = integer(
            "min-probes",
            "VANTAGE_MIN_PROBES",
            D.minProbes(),
            ">= 1",
            "distinct probes needed to judge a platform on a network");
    public static final Setting<Integer> MAX_SAMPLES_PER_PROBE = integer(
            "max-samples-per-probe",
            "VANTAGE_MAX_SAMPLES_PER_PROBE",
            D.maxSamplesPerProbe(),
            ">= 1",
            "measurements per probe, window and platform that count");
    public static final Setting<Duration> PROBE_WARMUP = duration(
            "probe-warmup",
            "VANTAGE_PROBE_WARMUP",
            D.probeWarmup(),
            ">= 0",
            "event time a probe joining an observed network must be heard from before it counts (0s disables)");
    public static final Setting<Double> DISRUPTED_FAILURE_RATE = rate(
            "disrupted-failure-rate",
            "VANTAGE_DISRUPTED_FAILURE_RATE",
            D.disruptedFailureRate(),
            "0..1",
            "probe-weighted failure rate from which a platform fails on a network");
    public static final Setting<Double> DEGRADED_FAILURE_RATE = rate(
            "degraded-failure-rate",
            "VANTAGE_DEGRADED_FAILURE_RATE",
            D.degradedFailureRate(),
            "0..1, <= disrupted rate",
            "degraded: shown in status, never an incident");
    public static final Setting<Double> CONTROL_HEALTHY_MAX = rate(
            "control-healthy-max",
            "VANTAGE_CONTROL_HEALTHY_MAX",
            D.controlHealthyMax(),
            "0..1, <= outage rate",
            "control failure rate up to which control is fine");
    public static final Setting<Double> CONTROL_OUTAGE_RATE = rate(
            "control-outage-rate",
            "VANTAGE_CONTROL_OUTAGE_RATE",
            D.controlOutageRate(),
            "0..1",
            "control failure rate from which the network itself is down");
    public static final Setting<Double> THROTTLE_LATENCY_RATIO = rate(
            "throttle-latency-ratio",
            "VANTAGE_THROTTLE_LATENCY_RATIO",
            D.throttleLatencyRatio(),
            "> 1",
            "median latency over the baseline median from which a platform is throttled");
    public static final Setting<Integer> BASELINE_MIN_WINDOWS = integer(
            "baseline-min-windows",
            "VANTAGE_BASELINE_MIN_WINDOWS",
            D.baselineMinWindows(),
            ">= 1",
            "healthy windows before slowness is judged");
    public static final Setting<Double> BASELINE_ALPHA = rate(
            "baseline-alpha",
            "VANTAGE_BASELINE_ALPHA",
            D.baselineAlpha(),
            "(0, 1]",
            "weight of a new healthy window in the baseline");
    public static final Setting<Integer> SUSTAIN_WINDOWS = integer(
            "sustain-windows",
            "VANTAGE_SUSTAIN_WINDOWS",
            D.sustainWindows(),
            ">= 1",
            "consecutive windows a network must show a problem");
    public static final Setting<Integer> REGION_SUSTAIN_WINDOWS = integer(
            "region-sustain-windows",
            "VANTAGE_REGION_SUSTAIN_WINDOWS",
            D.regionSustainWindows(),
            ">= 1",
            "consecutive windows a region inside networks must show a problem (its few probes "
                    + "losing their own connections at once must not look like a shutdown)");
    public static final Setting<Integer> OPEN_AFTER_WINDOWS = integer(
            "open-after-windows",
            "VANTAGE_OPEN_AFTER_WINDOWS",
            D.openAfterWindows(),
            ">= 1",
            "country assessments with evidence before OPENED");
    public static final Setting<Integer> RESOLVE_AFTER_WINDOWS = integer(
            "resolve-after-windows",
            "VANTAGE_RESOLVE_AFTER_WINDOWS",
            D.resolveAfterWindows(),
            ">= 1",
            "clean assessments before RESOLVED");
    public static final Setting<Double> NATIONWIDE_USER_SHARE = rate(
            "nationwide-user-share",
            "VANTAGE_NATIONWIDE_USER_SHARE",
            D.nationwideUserShare(),
            "0..1",
            "share of the observed users on affected networks from which scope is NATIONWIDE");
    public static final Setting<Integer> GLOBAL_MIN_COUNTRIES = integer(
            "global-min-countries",
            "VANTAGE_GLOBAL_MIN_COUNTRIES",
            D.globalMinCountries(),
            ">= 2",
            "countries in which a platform must fail at once for a global outage");
    public static final Setting<Duration> SILENCE_AFTER = duration(
            "silence-after",
            "VANTAGE_SILENCE_AFTER",
            D.silenceAfter(),
            "> 0",
            "wall-clock time without heartbeats or measurements after which a network is silent");
    public static final Setting<Duration> SILENCE_CHECK_INTERVAL = duration(
            "silence-check-interval",
            "VANTAGE_SILENCE_CHECK_INTERVAL",
            D.silenceCheckInterval(),
            "> 0",
            "period of the wall-clock checks");
    public static final Setting<Duration> COUNTRY_WAIT_TIMEOUT = duration(
            "country-wait-timeout",
            "VANTAGE_COUNTRY_WAIT_TIMEOUT",
            D.countryWaitTimeout(),
            ">= 0",
            "longest wait for the lagging networks of a country");
    public static final Setting<Double> RELATED_MIN_SIMILARITY = rate(
            "related-min-similarity",
            "VANTAGE_RELATED_MIN_SIMILARITY",
            D.relatedMinSimilarity(),
            "0..1",
            "signature similarity from which an earlier incident is listed as related");
    public static final Setting<List<String>> PLATFORMS = Setting.of("detect.platforms", SettingType.LIST)
            .env("VANTAGE_PLATFORMS")
            .option("--platforms")
            .defaultValue(D.platforms().stream().sorted().toList())
            .check(Check.enforcedBy("includes control"))
            .help("platform names accepted in measurements")
            .build();

    private static final SparseSettings SPARSE = D.sparse();

    public static final Setting<List<Duration>> SPARSE_HORIZONS = Setting.of(
                    "detect.sparse.horizons", SettingType.DURATION_LIST)
            .env("VANTAGE_SPARSE_HORIZONS")
            .option("--sparse-horizons")
            .defaultValue(SPARSE.horizons())
            .check(Check.enforcedBy("one or more, each > 0"))
            .help("trailing spans of event time a sparse source's (OONI's) evidence is pooled over; each is tested")
            .build();
    public static final Setting<Duration> SPARSE_RETENTION = duration(
            "sparse.retention",
            "VANTAGE_SPARSE_RETENTION",
            SPARSE.retention(),
            ">= longest horizon",
            "how far behind a network's newest sparse measurement older ones still count");
    public static final Setting<Integer> SPARSE_MIN_FAILING_REPORTS = integer(
            "sparse.min-failing-reports",
            "VANTAGE_SPARSE_MIN_FAILING_REPORTS",
            SPARSE.minFailingReports(),
            ">= 1",
            "distinct test runs (OONI reports) that must fail before anything is judged");
    public static final Setting<Double> SPARSE_HEALTHY_FAILURE_RATE = rate(
            "sparse.healthy-failure-rate",
            "VANTAGE_SPARSE_HEALTHY_FAILURE_RATE",
            SPARSE.healthyFailureRate(),
            "(0, 1)",
            "failure share of the sparse source on healthy platforms (its noise), the null hypothesis of the test");
    public static final Setting<Double> SPARSE_SIGNIFICANCE = rate(
            "sparse.significance",
            "VANTAGE_SPARSE_SIGNIFICANCE",
            SPARSE.significance(),
            "(0, 1)",
            "largest probability, under that noise, of the failures seen for a platform to count as disrupted");

    private static final TrustSettings TRUST = D.trust();

    public static final Setting<TrustSettings.Mode> PROBE_TRUST = Setting.of(
                    "detect.probe-trust", SettingType.oneOf(TrustSettings.Mode.class))
            .env("VANTAGE_PROBE_TRUST")
            .option("--probe-trust")
            .defaultValue(TRUST.mode())
            .help(
                    "which probes count: enrolled (production: only records signed by an enrolled, unrevoked probe for one of its "
                            + "networks, the rest dead-lettered), open (also unenrolled probes' unsigned records, at a reduced, capped weight, "
                            + "never towards min probes), off (nothing checked: the demo, unsigned replays)")
            .build();
    public static final Setting<Double> OPEN_FLEET_WEIGHT = rate(
            "open-fleet-weight",
            "VANTAGE_OPEN_FLEET_WEIGHT",
            TRUST.openFleetWeight(),
            "(0, 1]",
            "in open mode, an unenrolled probe's vote relative to an enrolled one's");
    public static final Setting<Double> OPEN_FLEET_CAP = rate(
            "open-fleet-cap",
            "VANTAGE_OPEN_FLEET_CAP",
            TRUST.openFleetCap(),
            "[0, 1)",
            "in open mode, the most all unenrolled probes of a window weigh together, as a share of the enrolled probes' count");

    /** The processor's settings, in the order of the documentation. */
    public static final Settings ALL = Settings.of(
            "stream processor (vantage processor)",
            BOOTSTRAP_SERVERS,
            SCHEMA_REGISTRY_URL,
            CLIENT_PROPERTIES,
            APPLICATION_ID,
            STATE_DIR,
            PROCESSING_GUARANTEE,
            STREAM_THREADS,
            COMMIT_INTERVAL,
            CACHE_MAX_BYTES,
            REPLICATION_FACTOR,
            HTTP_PORT,
            ADVERTISED_HOST,
            WINDOW_SIZE,
            GRACE,
            EMIT_DELAY,
            MAX_FUTURE_SKEW,
            MAX_AGE,
            MIN_PROBES,
            MAX_SAMPLES_PER_PROBE,
            PROBE_WARMUP,
            DISRUPTED_FAILURE_RATE,
            DEGRADED_FAILURE_RATE,
            CONTROL_HEALTHY_MAX,
            CONTROL_OUTAGE_RATE,
            THROTTLE_LATENCY_RATIO,
            BASELINE_MIN_WINDOWS,
            BASELINE_ALPHA,
            SUSTAIN_WINDOWS,
            REGION_SUSTAIN_WINDOWS,
            OPEN_AFTER_WINDOWS,
            RESOLVE_AFTER_WINDOWS,
            NATIONWIDE_USER_SHARE,
            GLOBAL_MIN_COUNTRIES,
            SILENCE_AFTER,
            SILENCE_CHECK_INTERVAL,
            COUNTRY_WAIT_TIMEOUT,
            RELATED_MIN_SIMILARITY,
            PLATFORMS,
            SPARSE_HORIZONS,
            SPARSE_RETENTION,
            SPARSE_MIN_FAILING_REPORTS,
            SPARSE_HEALTHY_FAILURE_RATE,
            SPARSE_SIGNIFICANCE,
            PROBE_TRUST,
            OPEN_FLEET_WEIGHT,
            OPEN_FLEET_CAP);

    private static Setting<Duration> duration(String name, String env, Duration dflt, String rule, String help) {
        return Setting.of("detect." + name, SettingType.DURATION)
                .env(env)
                .option("--" + name.replace('.', '-'))
                .defaultValue(dflt)
                .check(Check.enforcedBy(rule))
                .help(help)
                .build();
    }

    private static Setting<Integer> integer(String name, String env, int dflt, String rule, String help) {
        return Setting.of("detect." + name, SettingType.INT)
                .env(env)
                .option("--" + name.replace('.', '-'))
                .defaultValue(dflt)
                .check(Check.enforcedBy(rule))
                .help(help)
                .build();
    }

    private static Setting<Double> rate(String name, String env, double dflt, String rule, String help) {
        return Setting.of("detect." + name, SettingType.DOUBLE)
                .env(env)
                .option("--" + name.replace('.', '-'))
                .defaultValue(dflt)
                .check(Check.enforcedBy(rule))
                .help(help)
                .build();
    }
}
