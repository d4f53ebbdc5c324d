package org.vantage.ooni.bridge;

import java.util.concurrent.Callable;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.Resolved;
import org.vantage.config.Setting;
import org.vantage.config.Settings;
import org.vantage.config.SettingsException;
import org.vantage.kafka.KafkaSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The bridge as a program of its own ({@code java -cp ... org.vantage.ooni.bridge.OoniBridgeMain --country PK});
 * operators use {@code vantage ooni-bridge}, which also finds a running local stack.
 */
@Command(
        name = "ooni-bridge",
        mixinStandardHelpOptions = true,
        description = "Import OONI's measurements of some countries into vantage.measurements.v1, exactly once.",
        footer = {"", "Exit codes: 0 stopped, 1 failure, 2 usage or configuration error."})
public final class OoniBridgeMain implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "org/vantage/ooni/bridge/bridge-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command with one option per bridge setting. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new OoniBridgeMain());
        CommandLineSettings.addOptions(cli.getCommandSpec(), KAFKA);
        CommandLineSettings.addOptions(cli.getCommandSpec(), OoniBridgeSettings.ALL);
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        OoniBridgeSettings settings;
        Resolved kafka;
        try {
            settings = OoniBridgeSettings.resolve(CommandLineSettings.values(spec, OoniBridgeSettings.ALL));
            kafka = CommandLineSettings.resolve(spec, KAFKA);
        } catch (IllegalArgumentException | SettingsException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        return OoniBridgeRunner.run(
                settings,
                kafka.get(BOOTSTRAP_SERVERS),
                kafka.get(SCHEMA_REGISTRY_URL),
                kafka.get(KafkaSettings.CLIENT_PROPERTIES),
                System.out);
    }

    private static final Setting<String> BOOTSTRAP_SERVERS = KafkaSettings.BOOTSTRAP_SERVERS.asRequired();
    private static final Setting<String> SCHEMA_REGISTRY_URL = KafkaSettings.SCHEMA_REGISTRY_URL.asRequired();

    /** Where the bridge publishes, when it runs on its own: the Kafka settings every application shares. */
    static final Settings KAFKA = Settings.of(
            "OONI bridge on its own: Kafka", BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, KafkaSettings.CLIENT_PROPERTIES);
}
