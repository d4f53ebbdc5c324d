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
        assertThat(props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo(true);
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
    void listsEveryProblemWithTheVariableToFix() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of("VANTAGE_MIN_PROBES", "many", "VANTAGE_GRACE", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VANTAGE_MIN_PROBES must be an integer, got 'many'")
                .hasMessageContaining("VANTAGE_GRACE must be a duration");
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
        assertThat(streams).containsEntry("security.protocol", "SASL_SSL").containsEntry("session.timeout.ms", "10000")
                .containsEntry("basic.auth.user.info", "detector:secret")
                .as("exactly-once is not the file's to change")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(c.serdeConfig()).containsEntry("basic.auth.user.info", "detector:secret")
                .containsEntry("schema.registry.url", "http://127.0.0.1:8081");
        assertThat(c.clientConfig()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(c.withConnection("other:9092", null).withHttpPort(0).clientConfig())
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers", "other:9092");
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
    void parsesDurations() {
        assertThat(EnvReader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(EnvReader.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(EnvReader.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> EnvReader.parseDuration("5 minutes")).isInstanceOf(IllegalArgumentException.class);
    }
}
