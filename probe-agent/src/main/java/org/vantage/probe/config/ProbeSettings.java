package org.vantage.probe.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.vantage.config.Check;
import org.vantage.config.Setting;
import org.vantage.config.SettingType;
import org.vantage.config.Settings;
import org.vantage.kafka.ClientProperties;
import org.vantage.kafka.KafkaSettings;
import org.vantage.probe.measure.ResolverSpec;
import org.vantage.schema.NetworkType;
import org.vantage.trust.ProbeCredentials;

/**
 * Every setting of the probe agent, declared once. The name is the key in the configuration file
 * ({@code .yaml} with nested or dotted keys, or {@code .properties}); each is also an environment variable
 * and an option of {@code vantage probe}.
 */
public final class ProbeSettings {

    private ProbeSettings() {}

    public static final Setting<String> PROBE_ID = Setting.of("probe.id", SettingType.STRING)
            .env("VANTAGE_PROBE_ID")
            .option("--probe-id")
            .required()
            .check(Check.of(
                    "1..128 of A-Z a-z 0-9 . _ : -",
                    s -> s.matches("[A-Za-z0-9._:-]{1,128}")
                            ? null
                            : "'" + s + "' must be 1..128 characters of letters, digits, '.', '_', ':' or '-'"))
            .help("this probe's stable id")
            .build();
    public static final Setting<String> COUNTRY = Setting.of(
                    "probe.country", SettingType.of("country code", CountryCodes::alpha2, s -> s))
            .env("VANTAGE_COUNTRY")
            .option("--country")
            .required()
            .help("ISO 3166-1 alpha-2 code of the probe's country (PK)")
            .build();
    public static final Setting<Long> ASN = Setting.of(
                    "probe.asn", SettingType.of("AS number", ProbeSettings::asn, String::valueOf))
            .env("VANTAGE_ASN")
            .option("--asn")
            .required()
            .check(Check.between(1, 4_294_967_295L))
            .help("AS number of the probe's network (17557 or AS17557)")
            .build();
    public static final Setting<String> REGION = Setting.of("probe.region", SettingType.STRING)
            .env("VANTAGE_REGION")
            .option("--region")
            .help("region, for people reading the data")
            .build();
    public static final Setting<String> CITY = Setting.of("probe.city", SettingType.STRING)
            .env("VANTAGE_CITY")
            .option("--city")
            .help("city, for people reading the data")
            .build();
    public static final Setting<NetworkType> NETWORK_TYPE = Setting.of(
                    "probe.network-type",
                    SettingType.of(
                            "fixed, mobile or unknown",
                            ProbeSettings::networkType,
                            t -> t.name().toLowerCase(Locale.ROOT)))
            .env("VANTAGE_NETWORK_TYPE")
            .option("--network-type")
            .defaultValue(NetworkType.UNKNOWN)
            .help("kind of access network")
            .build();
    public static final Setting<String> BOOTSTRAP_SERVERS = KafkaSettings.BOOTSTRAP_SERVERS.asRequired();
    public static final Setting<String> SCHEMA_REGISTRY_URL = KafkaSettings.SCHEMA_REGISTRY_URL.asRequired();
    public static final Setting<ClientProperties> CLIENT_PROPERTIES = KafkaSettings.CLIENT_PROPERTIES;
    public static final Setting<Duration> MAX_BLOCK = Setting.of("kafka.max-block", SettingType.DURATION)
            .env("VANTAGE_KAFKA_MAX_BLOCK")
            .option("--max-block")
            .defaultValue(Duration.ofSeconds(10))
            .check(Check.positive())
            .help("how long a Kafka call may block before Kafka counts as unreachable and the probe keeps spooling")
            .build();
    public static final Setting<Integer> PUBLISH_BATCH = Setting.of("kafka.publish-batch", SettingType.INT)
            .env("VANTAGE_PUBLISH_BATCH")
            .option("--publish-batch")
            .defaultValue(500)
            .check(Check.between(1, 100_000))
            .help("most spooled records sent in one Kafka transaction")
            .build();
    public static final Setting<Path> SPOOL_DIR = Setting.of("spool.dir", SettingType.PATH)
            .env("VANTAGE_SPOOL_DIR")
            .option("--spool-dir")
            .required()
            .help("directory of the store-and-forward spool (one per probe)")
            .build();
    public static final Setting<Long> SPOOL_MAX_BYTES = Setting.of("spool.max-bytes", SettingType.BYTES)
            .env("VANTAGE_SPOOL_MAX_BYTES")
            .option("--spool-max-bytes")
            .defaultValue(256L * 1024 * 1024)
            .defaultText("256MB")
            .check(Check.of(">= 64KB", b -> b < 64 * 1024 ? b + " is too small; use at least 64KB" : null))
            .help("bound of the spool; the oldest measurements are dropped beyond it")
            .build();
    public static final Setting<Long> SPOOL_MAX_RECORDS = Setting.of("spool.max-records", SettingType.LONG)
            .env("VANTAGE_SPOOL_MAX_RECORDS")
            .option("--spool-max-records")
            .defaultValue(2_000_000L)
            .check(Check.between(1, Integer.MAX_VALUE))
            .help("bound of the spool in records")
            .build();
    public static final Setting<Duration> INTERVAL = Setting.of("schedule.interval", SettingType.DURATION)
            .env("VANTAGE_INTERVAL")
            .option("--interval")
            .defaultValue(Duration.ofSeconds(60))
            .check(Check.positive())
            .help("time between rounds over the target list, until the fleet configuration says otherwise")
            .build();
    public static final Setting<Duration> JITTER = Setting.of("schedule.jitter", SettingType.DURATION)
            .env("VANTAGE_JITTER")
            .option("--jitter")
            .defaultValue(Duration.ofSeconds(10))
            .check(Check.notNegative())
            .help("random delay up to this before each round")
            .build();
    public static final Setting<Integer> CONCURRENCY = Setting.of("schedule.concurrency", SettingType.INT)
            .env("VANTAGE_CONCURRENCY")
            .option("--concurrency")
            .defaultValue(4)
            .check(Check.between(1, 256))
            .help("targets measured at once")
            .build();
    public static final Setting<Path> TARGETS_FILE = Setting.of("targets.file", SettingType.PATH)
            .env("VANTAGE_TARGETS_FILE")
            .option("--targets-file")
            .defaultText("built-in target list")
            .check(Check.of(
                    "readable",
                    p -> Files.isReadable(p) ? null : p.toAbsolutePath() + " does not exist or is not readable"))
            .help("YAML target list to start with")
            .build();
    public static final Setting<Boolean> FLEET_CONFIG = Setting.of("fleet-config.enabled", SettingType.BOOLEAN)
            .env("VANTAGE_FLEET_CONFIG")
            .option("--fleet-config")
            .defaultValue(true)
            .help("follow the compacted fleet-configuration topic")
            .build();
    public static final Setting<Duration> HEARTBEAT_INTERVAL = Setting.of("heartbeat.interval", SettingType.DURATION)
            .env("VANTAGE_HEARTBEAT_INTERVAL")
            .option("--heartbeat-interval")
            .defaultValue(Duration.ofSeconds(30))
            .check(Check.positive())
            .help("time between heartbeats")
            .build();
    public static final Setting<URI> CLOCK_REFERENCE_URL = Setting.of(
                    "clock.reference-url", SettingType.of("URL", ProbeSettings::httpUrl, URI::toString))
            .env("VANTAGE_CLOCK_REFERENCE_URL")
            .option("--clock-reference-url")
            .defaultText("none (offset not measured)")
            .help("HTTP(S) URL whose Date header is the reference clock")
            .build();
    public static final Setting<Duration> CLOCK_INTERVAL = Setting.of("clock.interval", SettingType.DURATION)
            .env("VANTAGE_CLOCK_INTERVAL")
            .option("--clock-interval")
            .defaultValue(Duration.ofMinutes(10))
            .check(Check.positive())
            .help("time between clock-offset measurements")
            .build();
    public static final Setting<Integer> METRICS_PORT = Setting.of("metrics.port", SettingType.INT)
            .env("VANTAGE_METRICS_PORT")
            .option("--metrics-port")
            .defaultValue(9464)
            .check(Check.between(-1, 65535))
            .help("port of the Prometheus endpoint; 0 = any free port, -1 = off")
            .build();
    public static final Setting<List<ResolverSpec>> RESOLVERS = Setting.of(
                    "measure.resolvers",
                    SettingType.of(
                            "list of resolvers",
                            ProbeSettings::resolvers,
                            l -> l.stream().map(ResolverSpec::toString).collect(Collectors.joining(","))))
            .env("VANTAGE_RESOLVERS")
            .option("--resolvers")
            .defaultValue(List.of(ResolverSpec.system()))
            .defaultText("system")
            .help("resolvers each target is resolved through, comma-separated: system, 1.1.1.1, [2606:4700::1111]:53")
            .build();
    public static final Setting<ResolverSpec> CONTROL_RESOLVER = Setting.of(
                    "measure.control-resolver",
                    SettingType.of("resolver", ProbeSettings::resolver, ResolverSpec::toString))
            .env("VANTAGE_CONTROL_RESOLVER")
            .option("--control-resolver")
            .defaultText("none (no DNS consistency check)")
            .help("resolver whose answers tell tampered DNS from a CDN's choice")
            .build();
    public static final Setting<Duration> PHASE_TIMEOUT = Setting.of("measure.timeout", SettingType.DURATION)
            .env("VANTAGE_PHASE_TIMEOUT")
            .option("--phase-timeout")
            .defaultValue(Duration.ofSeconds(10))
            .check(Check.positive())
            .help("timeout of each measurement phase")
            .build();

    /** The probe's settings, in the order of the documentation. */
    /** The probe's credentials (identity and MAC key), read and checked at start; its records are signed with them. */
    public static final Setting<ProbeCredentials> CREDENTIALS = Setting.of(
                    "probe.credentials",
                    SettingType.of("credentials file", ProbeSettings::credentials, c -> c.probeId() + " credentials"))
            .env("VANTAGE_PROBE_CREDENTIALS")
            .option("--credentials")
            .defaultText("none (records unsigned)")
            .help(
                    "credentials file written by 'vantage probes enroll'; every measurement and heartbeat is signed with it")
            .build();

    public static final Settings ALL = Settings.of(
            "probe agent (vantage probe)",
            PROBE_ID,
            COUNTRY,
            ASN,
            REGION,
            CITY,
            NETWORK_TYPE,
            BOOTSTRAP_SERVERS,
            SCHEMA_REGISTRY_URL,
            CLIENT_PROPERTIES,
            MAX_BLOCK,
            PUBLISH_BATCH,
            SPOOL_DIR,
            SPOOL_MAX_BYTES,
            SPOOL_MAX_RECORDS,
            INTERVAL,
            JITTER,
            CONCURRENCY,
            TARGETS_FILE,
            FLEET_CONFIG,
            HEARTBEAT_INTERVAL,
            CLOCK_REFERENCE_URL,
            CLOCK_INTERVAL,
            METRICS_PORT,
            RESOLVERS,
            CONTROL_RESOLVER,
            PHASE_TIMEOUT,
            CREDENTIALS);

    private static ProbeCredentials credentials(String path) {
        try {
            return ProbeCredentials.load(Path.of(path));
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(
                    e instanceof java.nio.file.NoSuchFileException ? path + " does not exist" : e.getMessage());
        }
    }

    private static long asn(String s) {
        try {
            return Long.parseLong(s.toUpperCase(Locale.ROOT).startsWith("AS") ? s.substring(2) : s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not an AS number: use e.g. 17557 or AS17557");
        }
    }

    private static NetworkType networkType(String s) {
        try {
            return NetworkType.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s + "' must be fixed, mobile or unknown");
        }
    }

    private static URI httpUrl(String s) {
        try {
            URI u = new URI(s);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
            throw new IllegalArgumentException("'" + s + "' must be an http:// or https:// URL with a host");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + s + "' is not a URL: " + e.getMessage());
        }
    }

    private static List<ResolverSpec> resolvers(String s) {
        List<ResolverSpec> list = new ArrayList<>();
        for (String part : s.split(",")) {
            list.add(ResolverSpec.parse(part));
        }
        return List.copyOf(list);
    }

    private static ResolverSpec resolver(String s) {
        return ResolverSpec.parse(s);
    }
}
