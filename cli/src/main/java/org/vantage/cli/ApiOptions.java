package org.vantage.cli;

import org.vantage.config.CommandLineSettings;
import org.vantage.config.SettingsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Where the stream processor's API is (a picocli mixin whose option is {@link OperatorSettings#API_URL}). */
@Command(modelTransformer = ApiOptions.SettingOptions.class)
final class ApiOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Adds the options of {@link OperatorSettings#API}. */
    static final class SettingOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return CommandLineSettings.addOptions(spec, OperatorSettings.API);
        }
    }

    /** The option, else {@code VANTAGE_API_URL}, else the default; a bad URL is a usage error (exit 2). */
    String url() {
        try {
            return CommandLineSettings.resolve(command, OperatorSettings.API).get(OperatorSettings.API_URL);
        } catch (SettingsException e) {
            throw new CommandLine.ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }
}
