package org.vantage.stack;

import java.nio.file.Path;
import java.time.Duration;
import org.vantage.config.Check;
import org.vantage.config.Setting;
import org.vantage.config.SettingType;
import org.vantage.config.Settings;
import org.vantage.kafka.KafkaSettings;

/** The settings of {@code vantage stack up}, {@code down}, {@code status} and {@code provision}, declared once. */
public final class LocalStackSettings {

    private LocalStackSettings() {}

    public static final Setting<Path> DATA_DIR = Setting.of("stack.data-dir", SettingType.PATH)
            .env("VANTAGE_DATA_DIR")
            .option("--data-dir")
            .defaultValue(Path.of(".vantage"))
            .help("where the stack keeps its data and stack.json")
            .build();
    public static final Setting<Integer> KAFKA_PORT = Setting.of("stack.kafka-port", SettingType.INT)
            .env("VANTAGE_KAFKA_PORT")
            .option("--kafka-port")
            .defaultValue(0)
            .check(Check.between(0, 65535))
            .help("broker client port on 127.0.0.1, 0 = a free one")
            .build();
    public static final Setting<Integer> REGISTRY_PORT = Setting.of("stack.registry-port", SettingType.INT)
            .env("VANTAGE_REGISTRY_PORT")
            .option("--registry-port")
            .defaultValue(0)
            .check(Check.between(0, 65535))
            .help("Schema Registry port on 127.0.0.1, 0 = a free one")
            .build();
    public static final Setting<String> BROKER_HEAP = Setting.of("stack.broker-heap", SettingType.STRING)
            .env("VANTAGE_BROKER_HEAP")
            .option("--broker-heap")
            .defaultValue("512m")
            .check(Check.of(
                    "a JVM size: 512m, 2g",
                    s -> s.matches("\\d+[kKmMgG]?") ? null : "'" + s + "' must be a JVM size such as 512m or 2g"))
            .help("maximum heap of the broker JVM")
            .build();
    public static final Setting<Duration> START_TIMEOUT = Setting.of("stack.start-timeout", SettingType.DURATION)
            .env("VANTAGE_START_TIMEOUT", "VANTAGE_START_TIMEOUT_SECONDS")
            .option("--timeout")
            .defaultValue(Duration.ofSeconds(90))
            .check(Check.positive())
            .help("how long to wait for the broker, the topics and their leaders")
            .build();
    public static final Setting<Duration> STOP_TIMEOUT = Setting.of("stack.stop-timeout", SettingType.DURATION)
            .env("VANTAGE_STOP_TIMEOUT", "VANTAGE_STOP_TIMEOUT_SECONDS")
            .option("--timeout")
            .defaultValue(Duration.ofSeconds(60))
            .check(Check.positive())
            .help("how long `down` waits for each process to exit")
            .build();
    public static final Setting<String> BOOTSTRAP_SERVERS = KafkaSettings.BOOTSTRAP_SERVERS.asRequired();
    public static final Setting<String> SCHEMA_REGISTRY_URL = KafkaSettings.SCHEMA_REGISTRY_URL.toBuilder()
            .defaultText("none (the reference table is not published)")
            .build();
    public static final Setting<String> SCHEMA_REGISTRY_USER_INFO = Setting.of(
                    "kafka.schema-registry-user-info", SettingType.STRING)
            .env("VANTAGE_SCHEMA_REGISTRY_USER_INFO")
            .option("--schema-registry-user-info")
            .check(Check.of("USER:PASSWORD", s -> s.contains(":") ? null : "must be USER:PASSWORD"))
            .help("basic auth for the registry when publishing the reference table (or basic.auth.user.info in the "
                    + "client properties file)")
            .build();
    /**
     * Replicas of the topics {@code provision} creates. The same variable sets the stream processor's internal
     * topics, where its default is the broker's (-1).
     */
    public static final Setting<Integer> REPLICATION_FACTOR = Setting.of("stack.replication-factor", SettingType.INT)
            .env("VANTAGE_REPLICATION_FACTOR")
            .option("--replication-factor")
            .defaultValue(1)
            .check(Check.between(1, Short.MAX_VALUE))
            .help("replicas of the topics provision creates")
            .build();

    public static final Settings UP = Settings.of(
            "local stack (vantage stack up)", DATA_DIR, KAFKA_PORT, REGISTRY_PORT, BROKER_HEAP, START_TIMEOUT);
    public static final Settings DOWN = Settings.of("vantage stack down", DATA_DIR, STOP_TIMEOUT);
    public static final Settings STATUS = Settings.of("vantage stack status", DATA_DIR);
    public static final Settings PROVISION = Settings.of(
            "vantage stack provision (an existing cluster)",
            BOOTSTRAP_SERVERS,
            SCHEMA_REGISTRY_URL,
            SCHEMA_REGISTRY_USER_INFO,
            KafkaSettings.CLIENT_PROPERTIES,
            REPLICATION_FACTOR,
            START_TIMEOUT);
}
