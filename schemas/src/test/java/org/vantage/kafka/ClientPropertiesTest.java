package org.vantage.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.config.Settings;
import org.vantage.config.SettingsException;
import org.vantage.config.Sources;

class ClientPropertiesTest {

    /** The file as every application reads it: the shared declaration. */
    static final Settings FILE_SETTING = Settings.of("test", KafkaSettings.CLIENT_PROPERTIES);

    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return file;
    }

    @Test
    void readsAStandardClientPropertiesFile() throws Exception {
        Path file = write("""
                # the SASL_SSL listener
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
                    username="probe" password="s3cret";
                ssl.endpoint.identification.algorithm=
                session.timeout.ms = 10000
                basic.auth.user.info=probe:registry-secret
                """);
        ClientProperties p = ClientProperties.load(file, "VANTAGE_KAFKA_CLIENT_PROPERTIES");
        assertThat(p.file()).contains(file.toAbsolutePath());
        assertThat(p.settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required "
                                        + "username=\"probe\" password=\"s3cret\";",
                        "ssl.endpoint.identification.algorithm", "",
                        "session.timeout.ms", "10000",
                        "basic.auth.user.info", "probe:registry-secret"));
    }

    @Test
    void theApplicationsOwnSettingsWinOverTheFile() throws Exception {
        ClientProperties p = ClientProperties.load(write("""
                security.protocol=SSL
                isolation.level=read_uncommitted
                bootstrap.servers=elsewhere:9092
                """), "test");
        Map<String, Object> merged = p.merge(Map.of(
                "bootstrap.servers", "kafka:9093", "isolation.level", "read_committed", "enable.auto.commit", false));
        assertThat(merged)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "security.protocol",
                        "SSL",
                        "bootstrap.servers",
                        "kafka:9093",
                        "isolation.level",
                        "read_committed",
                        "enable.auto.commit",
                        false));
        merged.put("client.id", "mutable");

        Properties own = new Properties();
        own.put("processing.guarantee", "exactly_once_v2");
        Properties streams = ClientProperties.of(
                        Map.of("processing.guarantee", "at_least_once", "sasl.mechanism", "PLAIN"))
                .merge(own);
        assertThat(streams)
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void aMissingOrUnreadableFileFailsNamingTheSettingAndThePath() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() ->
                        FILE_SETTING.resolve(Sources.environment(Map.of(ClientProperties.ENV, missing.toString()))))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("VANTAGE_KAFKA_CLIENT_PROPERTIES")
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist or is not readable");
        assertThatThrownBy(() -> ClientProperties.load(dir, "--client-properties"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--client-properties: ")
                .hasMessageContaining(dir.toAbsolutePath().toString());
    }

    @Test
    void noSettingMeansNoExtraSettings() {
        assertThat(FILE_SETTING.resolve(Sources.none()).get(KafkaSettings.CLIENT_PROPERTIES))
                .isSameAs(ClientProperties.none());
        assertThat(FILE_SETTING
                        .resolve(Sources.environment(Map.of(ClientProperties.ENV, "  ")))
                        .get(KafkaSettings.CLIENT_PROPERTIES))
                .isSameAs(ClientProperties.none());
        assertThat(ClientProperties.none().merge(Map.of("bootstrap.servers", "k:9092")))
                .containsExactlyEntriesOf(Map.of("bootstrap.servers", "k:9092"));
    }

    @Test
    void toStringNeverShowsValues() throws Exception {
        ClientProperties p = ClientProperties.load(write("sasl.jaas.config=secret-jaas\n"), "test");
        assertThat(p.toString()).contains("sasl.jaas.config").doesNotContain("secret-jaas");
    }
}
