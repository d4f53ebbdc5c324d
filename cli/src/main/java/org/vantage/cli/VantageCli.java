package org.vantage.cli;

import org.vantage.config.SettingsException;
import org.vantage.detect.StreamProcessorMain;
import org.vantage.probe.ProbeMain;
import org.vantage.stack.LocalStackMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vantage}: one command line for operators. The subcommands of the individual applications
 * (local stack, probe agent and simulator, stream processor) are mounted here unchanged, so each
 * keeps one definition of its options.
 */
@Command(
        name = "vantage",
        mixinStandardHelpOptions = true,
        version = "Vantage 0.1.0",
        description = "Real-time observatory for internet disruptions.%n",
        commandListHeading = "%nCommands:%n",
        footer = {
            "",
            "Start here: vantage demo (local stack + detector + simulated Pakistan evening of 2024-01-20).",
            "Exit codes: 0 ok, 1 failure, 2 usage or configuration error.",
            "Settings: every VANTAGE_* variable and option, and which wins: docs/configuration.md."
        },
        subcommands = {
            DemoCommand.class,
            AlertsCommand.class,
            IncidentsCommand.class,
            StatusCommand.class,
            FleetCommand.class,
            ProbesCommand.class,
            WebhookBridgeCommand.class
        })
public final class VantageCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        Logging.quietByDefault();
        System.exit(commandLine().execute(args));
    }

    /** The whole command line with its error handling (exit 1 with the message on failure). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VantageCli());
        cli.addSubcommand("stack", LocalStackMain.commandLine());
        CommandLine probe = new CommandLine(new ProbeMain());
        cli.addSubcommand("probe", probe.getSubcommands().get("probe"));
        cli.addSubcommand("simulate", probe.getSubcommands().get("simulate"));
        cli.addSubcommand("processor", new CommandLine(new StreamProcessorMain()));
        cli.addSubcommand("ooni-bridge", OoniBridgeCommand.commandLine());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("vantage: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return isConfigurationError(e) ? 2 : 1;
        });
        return cli;
    }

    /** Bad settings are usage errors (exit 2), whichever application's command found them. */
    static boolean isConfigurationError(Exception e) {
        return e instanceof SettingsException
                || e instanceof org.vantage.probe.config.ConfigException
                || e instanceof org.vantage.detect.config.ConfigException;
    }
}
