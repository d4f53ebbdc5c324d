package org.vantage.ooni.bridge;

import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.vantage.kafka.ClientProperties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bridge as a program of its own ({@code java -cp ... org.vantage.ooni.bridge.OoniBridgeMain --country PK});
 * operators use {@code vantage ooni-bridge}, which also finds a running local stack.
 */
@Command(name = "ooni-bridge", mixinStandardHelpOptions = true,
        description = "Import OONI's measurements of some countries into vantage.measurements.v1, exactly once.",
        footer = {"", "Exit codes: 0 stopped, 1 failure, 2 usage or configuration error."})
public final class OoniBridgeMain implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "${env:VANTAGE_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env VANTAGE_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = {"--schema-registry-url", "--registry-url"}, defaultValue = "${env:VANTAGE_SCHEMA_REGISTRY_URL}",
            description = "Schema Registry URL (env VANTAGE_SCHEMA_REGISTRY_URL)")
    String schemaRegistryUrl;

    @Option(names = "--client-properties", paramLabel = "FILE", defaultValue = "${env:" + ClientProperties.ENV + "}",
            description = "Kafka client properties file merged into every Kafka client (env " + ClientProperties.ENV + ")")
    String clientProperties;

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
        SettingsOptions.addTo(cli.getCommandSpec());
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        OoniBridgeSettings settings;
        ClientProperties client;
        try {
            settings = OoniBridgeSettings.resolve(SettingsOptions.given(spec), System.getenv());
            client = ClientProperties.fromPath(clientProperties, "--client-properties (or " + ClientProperties.ENV + ")");
        } catch (IllegalArgumentException | ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (blank(bootstrapServers) || blank(schemaRegistryUrl)) {
            spec.commandLine().getErr().println("Kafka and Schema Registry not configured: pass --bootstrap-servers and "
                    + "--schema-registry-url, or set VANTAGE_BOOTSTRAP_SERVERS and VANTAGE_SCHEMA_REGISTRY_URL");
            return 2;
        }
        return OoniBridgeRunner.run(settings, bootstrapServers, schemaRegistryUrl, client, System.out);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

}
