package org.vantage.probe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.probe.measure.ResolverSpec;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.schema.NetworkType;

class ProbeConfigLoaderTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("probe.yaml");
        Files.writeString(f, text);
        return f;
    }

    private static final String VALID = """
            probe:
              id: pk-lhe-01
              country: pk
              asn: AS17557
              region: Punjab
              network-type: fixed
            kafka:
              bootstrap-servers: 127.0.0.1:9092
              schema-registry-url: http://127.0.0.1:8081
            spool:
              dir: /var/lib/vantage/spool
              max-bytes: 64MB
            schedule:
              interval: 30s
              jitter: 500ms
            """;

    @Test
    void yamlFileIsReadIntoTypedValuesWithDefaults() throws IOException {
        ProbeConfig c = ProbeConfigLoader.load(yaml(VALID), Map.of());
        assertThat(c.identity().probeId()).isEqualTo("pk-lhe-01");
        assertThat(c.identity().country()).isEqualTo("PK");
        assertThat(c.identity().asn()).isEqualTo(17557);
        assertThat(c.identity().region()).isEqualTo("Punjab");
        assertThat(c.identity().networkType()).isEqualTo(NetworkType.FIXED);
        assertThat(c.networkKey().toString()).isEqualTo("PK:17557");
        assertThat(c.spoolMaxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.schedule().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.schedule().jitter()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.schedule().concurrency()).isEqualTo(4);
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.metricsPort()).isEqualTo(9464);
        assertThat(c.clockReferenceUrl()).isNull();
        assertThat(c.fleetConfig()).isTrue();
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("VANTAGE_PROBE_ID", "env-probe");
        env.put("VANTAGE_ASN", "45669");
        env.put("VANTAGE_NETWORK_TYPE", "MOBILE");
        env.put("VANTAGE_SPOOL_MAX_BYTES", "1GiB");
        env.put("VANTAGE_METRICS_PORT", "-1");
        env.put("VANTAGE_CLOCK_REFERENCE_URL", "https://example.org/");
        ProbeConfig c = ProbeConfigLoader.load(yaml(VALID), env);
        assertThat(c.identity().probeId()).isEqualTo("env-probe");
        assertThat(c.identity().asn()).isEqualTo(45669);
        assertThat(c.identity().networkType()).isEqualTo(NetworkType.MOBILE);
        assertThat(c.spoolMaxBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(c.metricsPort()).isEqualTo(-1);
        assertThat(c.clockReferenceUrl().getHost()).isEqualTo("example.org");
    }

    @Test
    void environmentAloneIsEnough() {
        Map<String, String> env = Map.of(
                "VANTAGE_PROBE_ID",
                "p1",
                "VANTAGE_COUNTRY",
                "DE",
                "VANTAGE_ASN",
                "3320",
                "VANTAGE_BOOTSTRAP_SERVERS",
                "localhost:9092",
                "VANTAGE_SCHEMA_REGISTRY_URL",
                "http://localhost:8081",
                "VANTAGE_SPOOL_DIR",
                "/tmp/spool");
        ProbeConfig c = ProbeConfigLoader.load(null, env);
        assertThat(c.identity().country()).isEqualTo("DE");
        assertThat(c.spoolDir()).isEqualTo(Path.of("/tmp/spool"));
    }

    @Test
    void resolversControlResolverAndPhaseTimeoutComeFromTheEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("VANTAGE_RESOLVERS", "system, 1.1.1.1, 127.0.0.1:5353");
        env.put("VANTAGE_CONTROL_RESOLVER", "[2606:4700::1111]:53");
        env.put("VANTAGE_PHASE_TIMEOUT", "3s");
        ProbeConfig c = ProbeConfigLoader.load(yaml(VALID), env);
        assertThat(c.measure().resolvers())
                .containsExactly(
                        ResolverSpec.system(), ResolverSpec.parse("1.1.1.1"), ResolverSpec.parse("127.0.0.1:5353"));
        assertThat(c.measure().controlResolver()).isEqualTo(ResolverSpec.parse("[2606:4700::1111]:53"));
        assertThat(c.measure().phaseTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void measurementDefaultsAreTheSystemResolverNoControlAndTenSeconds() throws IOException {
        ProbeConfig c = ProbeConfigLoader.load(yaml(VALID), Map.of());
        assertThat(c.measure().resolvers()).containsExactly(ResolverSpec.system());
        assertThat(c.measure().controlResolver()).isNull();
        assertThat(c.measure().phaseTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aResolverThatIsNoIpAddressIsRejectedNamingTheKey() throws IOException {
        Path file = yaml(VALID);
        assertThatThrownBy(() -> ProbeConfigLoader.load(file, Map.of("VANTAGE_RESOLVERS", "system,dns.google")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("measure.resolvers");
    }

    @Test
    void alpha3CountryIsRejectedWithTheAlpha2Suggestion() throws IOException {
        assertThatThrownBy(() -> ProbeConfigLoader.load(yaml(VALID), Map.of("VANTAGE_COUNTRY", "PAK")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("country 'PAK' is not an ISO 3166-1 alpha-2 code: use e.g. PK");
        assertThatThrownBy(() -> ProbeConfigLoader.load(yaml(VALID), Map.of("VANTAGE_COUNTRY", "DEU")))
                .hasMessageContaining("use e.g. DE");
        assertThatThrownBy(() -> ProbeConfigLoader.load(yaml(VALID), Map.of("VANTAGE_COUNTRY", "XX")))
                .hasMessageContaining("country 'XX' is not an ISO 3166-1 alpha-2 code");
    }

    @Test
    void everyProblemIsReportedAtOnceWithWhatToFix() {
        Map<String, String> values = new HashMap<>();
        values.put("probe.asn", "AS0");
        values.put("probe.network-type", "satellite");
        values.put("kafka.bootstrap-servers", "localhost");
        values.put("kafka.schema-registry-url", "localhost:8081");
        values.put("schedule.interval", "soon");
        values.put("spool.max-bytes", "10");
        values.put("probe.nmae", "typo");
        assertThatThrownBy(() -> ProbeConfigLoader.fromMap(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("probe.id is required (or set VANTAGE_PROBE_ID)")
                .hasMessageContaining("probe.country is required (or set VANTAGE_COUNTRY)")
                .hasMessageContaining("probe.asn: 0 is outside 1..4294967295")
                .hasMessageContaining("probe.network-type: 'satellite' must be fixed, mobile or unknown")
                .hasMessageContaining("kafka.bootstrap-servers: 'localhost' must be host:port")
                .hasMessageContaining("kafka.schema-registry-url: 'localhost:8081' must be an http:// or https:// URL")
                .hasMessageContaining("schedule.interval: 'soon' is not a duration")
                .hasMessageContaining("spool.max-bytes: 10 is too small")
                .hasMessageContaining("spool.dir is required")
                .hasMessageContaining("unknown configuration keys [probe.nmae]");
    }

    @Test
    void credentialsAreLoadedAndMustBeThisProbes() throws IOException {
        Path own = dir.resolve("own.credentials");
        org.vantage.trust.ProbeCredentials.generate("pk-lhe-01").save(own);
        ProbeConfig c = ProbeConfigLoader.load(yaml(VALID), Map.of("VANTAGE_PROBE_CREDENTIALS", own.toString()));
        assertThat(c.credentials().probeId()).isEqualTo("pk-lhe-01");
        assertThat(c.publisherSettings().signer().signs()).isTrue();
        Path other = dir.resolve("other.credentials");
        org.vantage.trust.ProbeCredentials.generate("pk-khi-07").save(other);
        assertThatThrownBy(() ->
                        ProbeConfigLoader.load(yaml(VALID), Map.of("VANTAGE_PROBE_CREDENTIALS", other.toString())))
                .hasMessageContaining("probe.credentials")
                .hasMessageContaining("pk-khi-07");
        assertThatThrownBy(() -> ProbeConfigLoader.load(
                        yaml(VALID),
                        Map.of("VANTAGE_PROBE_CREDENTIALS", dir.resolve("none").toString())))
                .hasMessageContaining("probe.credentials");
    }

    @Test
    void propertiesFilesAreAccepted() throws IOException {
        Path f = dir.resolve("probe.properties");
        Files.writeString(f, """
                probe.id=p2
                probe.country=PK
                probe.asn=59257
                kafka.bootstrap-servers=127.0.0.1:1
                kafka.schema-registry-url=http://127.0.0.1:2
                spool.dir=spool
                schedule.concurrency=8
                """);
        ProbeConfig c = ProbeConfigLoader.load(f, Map.of());
        assertThat(c.identity().asn()).isEqualTo(59257);
        assertThat(c.schedule().concurrency()).isEqualTo(8);
    }

    @Test
    void kafkaClientPropertiesReachEveryClientOfThePublisherUnderItsOwnSettings() throws IOException {
        Path client = dir.resolve("client.properties");
        Files.writeString(client, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                acks=0
                basic.auth.user.info=probe:secret
                """);
        ProbeConfig c =
                ProbeConfigLoader.load(yaml(VALID), Map.of("VANTAGE_KAFKA_CLIENT_PROPERTIES", client.toString()));
        assertThat(c.kafkaClient().file()).contains(client.toAbsolutePath());
        PublisherSettings ps = c.publisherSettings();
        Map<String, Object> producer = ps.producerConfig("probe", 5);
        assertThat(producer)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("basic.auth.user.info", "probe:secret")
                .as("the publisher's own settings win")
                .containsEntry("acks", "all")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(ps.adminConfig("admin"))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(ProbeConfigLoader.load(yaml(VALID), Map.of())
                        .publisherSettings()
                        .producerConfig("probe", 5))
                .doesNotContainKey("security.protocol");
    }

    @Test
    void aMissingKafkaClientPropertiesFileNamesTheKeyAndThePath() throws IOException {
        Path missing = dir.resolve("missing-client.properties");
        assertThatThrownBy(() -> ProbeConfigLoader.load(
                        yaml(VALID.replace("kafka:\n", "kafka:\n  client-properties: " + missing + "\n")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.client-properties: Kafka client properties file")
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist or is not readable");
    }

    @Test
    void missingFileAndUnknownFormatAreClearErrors() {
        assertThatThrownBy(() -> ProbeConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> {
                    Path f = dir.resolve("probe.json");
                    Files.writeString(f, "{}");
                    ProbeConfigLoader.load(f, Map.of());
                })
                .hasMessageContaining("must end in .yaml, .yml or .properties");
    }

    @Test
    void theShippedExampleConfigurationIsValid() {
        ProbeConfig c = ProbeConfigLoader.load(Path.of("config/probe.example.yaml"), Map.of());
        assertThat(c.identity().probeId()).isEqualTo("pk-lhe-ptcl-01");
        assertThat(c.identity().city()).isEqualTo("Lahore");
        assertThat(c.spoolMaxRecords()).isEqualTo(2_000_000);
    }

    @Test
    void durationsAndSizesParse() {
        assertThat(ConfigValues.duration("k", "PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> ConfigValues.duration("k", "250"))
                .hasMessageContaining("k: '250' has no unit: add a unit, e.g. 250s");
        assertThat(ConfigValues.duration("k", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(ConfigValues.bytes("k", "512kb")).isEqualTo(512L * 1024);
        assertThatThrownBy(() -> ConfigValues.bytes("spool.max-bytes", "lots"))
                .hasMessageContaining("spool.max-bytes: 'lots' is not a size");
    }

    @Test
    void aDurationWithoutUnitIsAnErrorNotMilliseconds() throws IOException {
        assertThatThrownBy(() -> ProbeConfigLoader.load(yaml(VALID), Map.of("VANTAGE_INTERVAL", "90")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VANTAGE_INTERVAL (schedule.interval): '90' has no unit: add a unit, e.g. 90s");
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        ProbeConfig c = ProbeConfigLoader.load(
                yaml(VALID),
                Map.of("VANTAGE_INTERVAL", "45s", "VANTAGE_JITTER", "2s"),
                Map.of("schedule.interval", "20s"));
        assertThat(c.schedule().interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.schedule().jitter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.schedule().concurrency()).isEqualTo(4);
    }
}
