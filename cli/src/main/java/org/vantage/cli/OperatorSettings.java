package org.vantage.cli;

import java.nio.file.Path;
import org.vantage.config.Check;
import org.vantage.config.Setting;
import org.vantage.config.SettingType;
import org.vantage.config.Settings;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.kafka.KafkaSettings;

/**
 * The settings of the operators' commands ({@code alerts}, {@code incidents}, {@code status}, {@code fleet},
 * {@code webhook-bridge}). Kafka and the registry are found like every other setting, with a running local
 * stack's {@code stack.json} as the file: defaults &lt; stack.json &lt; environment &lt; options.
 */
final class OperatorSettings {

    private OperatorSettings() {}

    static final Setting<String> BOOTSTRAP_SERVERS = KafkaSettings.BOOTSTRAP_SERVERS.toBuilder()
            .defaultText("the local stack's stack.json")
            .build();
    static final Setting<String> SCHEMA_REGISTRY_URL = KafkaSettings.SCHEMA_REGISTRY_URL.toBuilder()
            .defaultText("the local stack's stack.json")
            .build();
    static final Setting<Path> STACK_DIR = Setting.of("stack.dir", SettingType.PATH)
            .option("--stack-dir")
            .defaultValue(Path.of(".vantage"))
            .help("data directory of a running local stack, holding stack.json (the demo's is .vantage/demo/stack)")
            .build();

    /** Where Kafka and the Schema Registry are, for every command that reads topics. */
    static final Settings STACK = Settings.of(
            "operators' commands: Kafka (vantage alerts, fleet, webhook-bridge)",
            BOOTSTRAP_SERVERS,
            SCHEMA_REGISTRY_URL,
            KafkaSettings.CLIENT_PROPERTIES,
            STACK_DIR);

    static final Setting<String> API_URL = Setting.of("api.url", SettingType.STRING)
            .env("VANTAGE_API_URL")
            .option("--api-url")
            .defaultValue(ApiClient.DEFAULT_URL)
            .check(Check.of(
                    "http(s)://host[:port]",
                    s -> s.matches("https?://[^/\\s]+.*")
                            ? null
                            : "'" + s + "' must be an http:// or https:// URL, e.g. " + ApiClient.DEFAULT_URL))
            .help("the stream processor's HTTP API")
            .build();

    /** Where the stream processor's API is, for {@code incidents} and {@code status}. */
    static final Settings API = Settings.of("operators' commands: API (vantage incidents, status)", API_URL);

    /** The processor's own declaration: the fleet view judges coverage as the detector does. */
    static final Setting<Integer> MIN_PROBES = ProcessorSettings.MIN_PROBES;

    static final Settings FLEET = Settings.of("vantage fleet", MIN_PROBES);
}
