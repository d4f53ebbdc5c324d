package org.vantage.detect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.Sources;

class ProcessorConfigTest {
    @TempDir
    Path dir;

    static final Map<String, String> MINIMAL = Map.of(
            "VANTAGE_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "VANTAGE_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081");

    @Test
    void defaultsAreExactlyOnceWithExplicitNaming() {
        ProcessorConfig c = ProcessorConfig.fromEnv(MINIMAL).validate();
        assertThat(c.thresholds()).isEqualTo(DetectionThresholds.defaults());
        var props = c.streamsProperties();
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG))
                .isEqualTo(true);
        assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("vantage-detect");
        assertThat(props.get("schema.registry.url")).isEqualTo("http://127.0.0.1:8081");
    }

    @Test
    void environmentOverridesThresholds() {
        var env = new java.util.HashMap<>(MINIMAL);
        env.put("VANTAGE_MIN_PROBES", "5");
        env.put("VANTAGE_GRACE", "10m");
        env.put("VANTAGE_SILENCE_AFTER", "PT90S");
        env.put("VANTAGE_PLATFORMS", "twitter, control");
        DetectionThresholds t = ProcessorConfig.fromEnv(env).validate().thresholds();
        assertThat(t.minProbes()).isEqualTo(5);
        assertThat(t.grace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(t.silenceAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(t.platforms()).containsExactlyInAnyOrder("twitter", "control");
    }

    @Test
    void theSustainOfRegionsIsSetApartFromTheNetworksAndMustBeAtLeastOne() {
        var env = new java.util.HashMap<>(MINIMAL);
        env.put("VANTAGE_REGION_SUSTAIN_WINDOWS", "4");
        DetectionThresholds t = ProcessorConfig.fromEnv(env).validate().thresholds();
        assertThat(t.regionSustainWindows()).isEqualTo(4);
        assertThat(t.sustainWindows()).isEqualTo(2);
        assertThat(t.verdict().forRegions().sustainWindows()).isEqualTo(4);
        env.put("VANTAGE_REGION_SUSTAIN_WINDOWS", "0");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(env).validate())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VANTAGE_REGION_SUSTAIN_WINDOWS) must be >= 1, got 0");
    }

    @Test
    void probeTrustIsReadFromTheEnvironmentAndChecked() {
        var env = new java.util.HashMap<>(MINIMAL);
        env.put("VANTAGE_PROBE_TRUST", "Enrolled");
        assertThat(ProcessorConfig.fromEnv(env).validate().thresholds().trust().mode())
                .isEqualTo(TrustSettings.Mode.ENROLLED);
        env.put("VANTAGE_PROBE_TRUST", "trusting");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(env).validate())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VANTAGE_PROBE_TRUST")
                .hasMessageContaining("'trusting' must be one of off, open, enrolled");
        env.put("VANTAGE_PROBE_TRUST", "open");
        env.put("VANTAGE_OPEN_FLEET_CAP", "1");
        env.put("VANTAGE_OPEN_FLEET_WEIGHT", "0");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(env).validate())
                .hasMessageContaining("VANTAGE_OPEN_FLEET_CAP")
                .hasMessageContaining("never outvote")
                .hasMessageContaining("VANTAGE_OPEN_FLEET_WEIGHT");
    }

    @Test
    void listsEveryProblemWithTheVariableToFix() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of("VANTAGE_MIN_PROBES", "many", "VANTAGE_GRACE", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VANTAGE_MIN_PROBES (detect.min-probes): 'many' is not an integer")
                .hasMessageContaining("VANTAGE_GRACE (detect.grace): 'soon' is not a duration");
        var env = Map.of("VANTAGE_DISRUPTED_FAILURE_RATE", "1.5", "VANTAGE_PLATFORMS", "twitter");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(env).validate())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VANTAGE_BOOTSTRAP_SERVERS")
                .hasMessageContaining("VANTAGE_SCHEMA_REGISTRY_URL")
                .hasMessageContaining("VANTAGE_DISRUPTED_FAILURE_RATE")
                .hasMessageContaining("must include 'control'");
    }

    @Test
    void theClientPropertiesFileReachesStreamsSerdesAndClientsUnderTheProcessorsOwnSettings() throws Exception {
        Path file = dir.resolve("detector.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                session.timeout.ms=10000
                processing.guarantee=at_least_once
                isolation.level=read_uncommitted
                basic.auth.user.info=detector:secret
                """);
        var env = new java.util.HashMap<>(MINIMAL);
        env.put("VANTAGE_KAFKA_CLIENT_PROPERTIES", file.toString());
        ProcessorConfig c = ProcessorConfig.fromEnv(env).validate();

        var streams = c.streamsProperties();
        assertThat(streams)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("session.timeout.ms", "10000")
                .containsEntry("basic.auth.user.info", "detector:secret")
                .as("exactly-once is not the file's to change")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(c.serdeConfig())
                .containsEntry("basic.auth.user.info", "detector:secret")
                .containsEntry("schema.registry.url", "http://127.0.0.1:8081");
        assertThat(c.clientConfig())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(c.withConnection("other:9092", null).withHttpPort(0).clientConfig())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "other:9092");
        assertThat(ProcessorConfig.fromEnv(MINIMAL).streamsProperties()).doesNotContainKey("security.protocol");
    }

    @Test
    void aMissingClientPropertiesFileFailsAtStartNamingTheVariableAndThePath() {
        Path missing = dir.resolve("missing.properties");
        var env = new java.util.HashMap<>(MINIMAL);
        env.put("VANTAGE_KAFKA_CLIENT_PROPERTIES", missing.toString());
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VANTAGE_KAFKA_CLIENT_PROPERTIES")
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist or is not readable");
    }

    @Test
    void aDurationWithoutUnitIsRejectedNotReadAsMilliseconds() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of("VANTAGE_COMMIT_INTERVAL", "500")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "VANTAGE_COMMIT_INTERVAL (streams.commit-interval): '500' has no unit: add a unit, e.g. 500s");
    }

    @Test
    void commandLineOptionsWinOverTheEnvironmentAndTheOldOptionNameStillWorks() {
        var spec = picocli.CommandLine.Model.CommandSpec.create();
        CommandLineSettings.addOptions(spec, ProcessorSettings.ALL);
        new picocli.CommandLine(spec).parseArgs("--min-probes", "7", "--registry-url", "http://cli:8081");
        var env = new java.util.HashMap<>(MINIMAL);
        env.put("VANTAGE_MIN_PROBES", "5");
        env.put("VANTAGE_GRACE", "2m");
        ProcessorConfig c = ProcessorConfig.from(Sources.environment(env)
                        .withCommandLine(CommandLineSettings.values(spec, ProcessorSettings.ALL)))
                .validate();
        assertThat(c.thresholds().minProbes()).isEqualTo(7);
        assertThat(c.thresholds().grace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.schemaRegistryUrl()).isEqualTo("http://cli:8081");
    }

    @Test
    void theBuilderSetsTypedValuesAndValidatesLikeTheEnvironment() {
        ProcessorConfig c = ProcessorConfig.builder()
                .bootstrapServers("127.0.0.1:9092")
                .schemaRegistryUrl("http://127.0.0.1:8081")
                .httpPort(0)
                .set(ProcessorSettings.MAX_AGE, Duration.ofDays(900))
                .build()
                .validate();
        assertThat(c.thresholds().maxAge()).isEqualTo(Duration.ofDays(900));
        assertThat(c.thresholds()
                        .withProbeWarmup(DetectionThresholds.defaults().probeWarmup())
                        .minProbes())
                .isEqualTo(DetectionThresholds.defaults().minProbes());
        assertThat(c)
                .isEqualTo(ProcessorConfig.fromEnv(Map.of(
                        "VANTAGE_BOOTSTRAP_SERVERS",
                        "127.0.0.1:9092",
                        "VANTAGE_SCHEMA_REGISTRY_URL",
                        "http://127.0.0.1:8081",
                        "VANTAGE_HTTP_PORT",
                        "0",
                        "VANTAGE_MAX_AGE",
                        "900d")));
        assertThatThrownBy(() -> ProcessorConfig.builder()
                        .set(ProcessorSettings.MIN_PROBES, 0)
                        .build()
                        .validate())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VANTAGE_MIN_PROBES")
                .hasMessageContaining("VANTAGE_BOOTSTRAP_SERVERS");
    }

    @Test
    void theEmitDelayIsStillAcceptedWithAWarningAndChangesNothing() {
        var env = new java.util.HashMap<>(MINIMAL);
        env.put(
                "VANTAGE_EMIT_DELAY",
                "2m"); // once refused (not shorter than the window): a deployment setting it must start
        ProcessorConfig.Builder b = ProcessorConfig.builder(Sources.environment(env));
        assertThat(b.warnings())
                .singleElement()
                .asString()
                .startsWith("VANTAGE_EMIT_DELAY (detect.emit-delay) is deprecated: has no effect");
        assertThat(b.build().validate().thresholds()).isEqualTo(DetectionThresholds.defaults());
        assertThat(ProcessorConfig.builder(Sources.environment(MINIMAL)).warnings())
                .isEmpty();
    }

    @Test
    void aNegativeGraceAndAMaxAgeShorterThanTheGraceAreRefused() {
        var env = new java.util.HashMap<>(MINIMAL);
        env.put("VANTAGE_GRACE", "-1s");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(env).validate())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("grace (VANTAGE_GRACE) must not be negative");
        env.put("VANTAGE_GRACE", "2h");
        env.put("VANTAGE_MAX_AGE", "1h");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(env).validate())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max age (VANTAGE_MAX_AGE) must be at least the grace period");
        env.put("VANTAGE_GRACE", "0s");
        assertThat(ProcessorConfig.fromEnv(env).validate().thresholds().grace()).isZero();
    }
}
