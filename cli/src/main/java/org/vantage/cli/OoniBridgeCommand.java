package org.vantage.cli;

import java.util.concurrent.Callable;
import org.vantage.config.CommandLineSettings;
import org.vantage.ooni.bridge.OoniBridgeRunner;
import org.vantage.ooni.bridge.OoniBridgeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vantage ooni-bridge --country PK}: imports OONI's measurements of some countries into
 * vantage.measurements.v1. The bridge's own options come from its settings declaration
 * ({@link OoniBridgeSettings}); Kafka and the registry are found as for every command ({@link StackOptions}).
 */
@Command(
        name = "ooni-bridge",
        mixinStandardHelpOptions = true,
        description = {
            "Import OONI's measurements of some countries into vantage.measurements.v1, exactly once.",
            "Polls OONI's API every --poll-interval, listing each country's --trailing-window again (late uploads), "
                    + "fetches each new measurement, maps it and publishes it keyed CC:ASN; the bridge's state is committed "
                    + "in the same Kafka transaction (topic vantage.ooni-bridge-state.v1), so a restart loses and repeats nothing. "
                    + "OONI data is CC BY-NC-SA 4.0: credit OONI and link https://explorer.ooni.org/m/<measurement_uid>."
        },
        footer = {
            "",
            "Example: vantage ooni-bridge --country PK,IR   (beside the demo: --stack-dir .vantage/demo/stack)",
            "Exit codes: 0 stopped, 1 failure (Kafka, another bridge with the same id), 2 usage or configuration error."
        })
public final class OoniBridgeCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command with one option per bridge setting. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new OoniBridgeCommand());
        CommandLineSettings.addOptions(cli.getCommandSpec(), OoniBridgeSettings.ALL);
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        OoniBridgeSettings settings;
        try {
            settings = OoniBridgeSettings.resolve(CommandLineSettings.values(spec, OoniBridgeSettings.ALL));
        } catch (OoniBridgeSettings.InvalidSettings e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        StackEndpoints endpoints = stack.endpoints();
        return OoniBridgeRunner.run(
                settings,
                endpoints.bootstrapServers(),
                endpoints.registryUrl(),
                endpoints.clientProperties(),
                System.out);
    }
}
