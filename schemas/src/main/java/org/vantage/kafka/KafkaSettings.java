package org.vantage.kafka;

import java.net.URI;
import java.net.URISyntaxException;
import org.vantage.config.Check;
import org.vantage.config.Setting;
import org.vantage.config.SettingType;

/**
 * The settings every application that talks to Kafka shares, declared once: where the brokers and the Schema
 * Registry are, and the client properties file. Applications that cannot start without them declare them
 * {@link Setting#asRequired() required}.
 */
public final class KafkaSettings {

    private KafkaSettings() {}

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.of("kafka.bootstrap-servers", SettingType.STRING)
            .env("VANTAGE_BOOTSTRAP_SERVERS")
            .option("--bootstrap-servers")
            .check(Check.of("host:port[,host:port]", KafkaSettings::hostPorts))
            .help("Kafka bootstrap servers")
            .build();

    public static final Setting<String> SCHEMA_REGISTRY_URL = Setting.of(
                    "kafka.schema-registry-url", SettingType.STRING)
            .env("VANTAGE_SCHEMA_REGISTRY_URL")
            .option("--schema-registry-url", "--registry-url")
            .check(Check.of("http(s)://host[:port]", KafkaSettings::registryUrl))
            .help("Schema Registry URL (Confluent-compatible)")
            .build();

    public static final Setting<ClientProperties> CLIENT_PROPERTIES = Setting.of(
                    "kafka.client-properties",
                    SettingType.of(
                            "file",
                            ClientProperties::parse,
                            c -> c.file().map(Object::toString).orElse("")))
            .env(ClientProperties.ENV)
            .option("--client-properties")
            .defaultValue(ClientProperties.none())
            .defaultText("none")
            .help("Kafka client properties file (security.protocol, sasl.*, ssl.*, registry basic.auth.user.info, ...) "
                    + "merged into every Kafka client and serde; the application's own settings win over it")
            .build();

    private static String hostPorts(String servers) {
        for (String hp : servers.split(",")) {
            if (!hp.trim().matches("[^\\s:]+:\\d{1,5}|\\[[0-9A-Fa-f:.]+\\]:\\d{1,5}")) {
                return "'" + hp.trim() + "' must be host:port";
            }
        }
        return null;
    }

    private static String registryUrl(String url) {
        try {
            URI u = new URI(url);
            // mock:// is the serdes' in-memory registry, for tests
            if ("mock".equals(u.getScheme())
                    || (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null)) {
                return null;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return "'" + url + "' must be an http:// or https:// URL with a host";
    }
}
