package org.vantage.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.Resolved;
import org.vantage.config.SettingsException;
import org.vantage.config.Sources;
import org.vantage.stack.StackFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Where Kafka and the Schema Registry are, for every command that talks to them (a picocli mixin whose
 * options are the declarations of {@link OperatorSettings#STACK}). Picocli keeps one model transformer per
 * command, so a command with its own adds these options in it.
 */
@Command(modelTransformer = StackOptions.SettingOptions.class)
public final class StackOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Adds the options of {@link OperatorSettings#STACK}. */
    static final class SettingOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return CommandLineSettings.addOptions(spec, OperatorSettings.STACK);
        }
    }

    /**
     * Options, then environment, then the stack file; fails with what to set when none says.
     *
     * @throws CommandLine.ParameterException (exit code 2) listing every bad setting
     */
    public StackEndpoints endpoints() {
        return endpoints(Sources.processEnvironment());
    }

    /** {@link #endpoints()} with {@code env} as the environment. */
    StackEndpoints endpoints(Map<String, String> env) {
        return endpoints(Sources.environment(env));
    }

    private StackEndpoints endpoints(Sources environment) {
        Map<String, String> given = CommandLineSettings.values(command, OperatorSettings.STACK);
        Resolved r;
        try {
            Sources sources = environment.withCommandLine(given);
            Path stackDir = OperatorSettings.STACK.resolve(sources).get(OperatorSettings.STACK_DIR);
            r = OperatorSettings.STACK.resolve(sources.withFile(stackFile(stackDir)));
        } catch (SettingsException e) {
            throw new CommandLine.ParameterException(command.commandLine(), e.getMessage(), e);
        }
        String bootstrap = r.get(OperatorSettings.BOOTSTRAP_SERVERS);
        String registry = r.get(OperatorSettings.SCHEMA_REGISTRY_URL);
        if (bootstrap == null || registry == null) {
            throw new IllegalArgumentException("Kafka and Schema Registry not configured: pass --bootstrap-servers and "
                    + "--schema-registry-url, set VANTAGE_BOOTSTRAP_SERVERS and VANTAGE_SCHEMA_REGISTRY_URL, or start the "
                    + "local stack (./vantage stack up), which writes "
                    + StackFile.path(r.get(OperatorSettings.STACK_DIR)));
        }
        return new StackEndpoints(bootstrap, registry, r.get(org.vantage.kafka.KafkaSettings.CLIENT_PROPERTIES));
    }

    /** The endpoints a running local stack recorded, as a configuration file of these settings. */
    private static Map<String, String> stackFile(Path stackDir) {
        Optional<StackFile> stack;
        try {
            stack = StackFile.read(stackDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        stack.ifPresent(s -> {
            values.put(OperatorSettings.BOOTSTRAP_SERVERS.key(), s.bootstrapServers());
            values.put(OperatorSettings.SCHEMA_REGISTRY_URL.key(), s.schemaRegistryUrl());
        });
        return values;
    }
}
