package org.vantage.cli;

import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;
import org.vantage.kafka.ClientProperties;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where Kafka and the Schema Registry are, for every command that talks to them (a picocli mixin). */
public final class StackOptions {

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: env VANTAGE_BOOTSTRAP_SERVERS or the local stack's stack.json).")
    String bootstrapServers;

    @Option(names = {"--registry-url", "--schema-registry-url"}, description = "Schema Registry URL (default: env VANTAGE_SCHEMA_REGISTRY_URL or the local stack's stack.json).")
    String registryUrl;

    @Option(names = "--client-properties", paramLabel = "FILE", defaultValue = "${env:" + ClientProperties.ENV + "}",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*, registry basic.auth.user.info, ...) "
                    + "merged into every Kafka client (default: env " + ClientProperties.ENV + ").")
    String clientProperties;

    @Option(names = "--stack-dir", defaultValue = ".vantage", description = "Data directory of a running local stack, holding stack.json (default ${DEFAULT-VALUE}; the demo's is .vantage/demo/stack).")
    Path stackDir;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Resolves options, then environment, then the stack file; fails with what to set when none says. */
    public StackEndpoints endpoints() {
        ClientProperties client;
        try {
            client = ClientProperties.fromPath(clientProperties, "--client-properties (or " + ClientProperties.ENV + ")");
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(command.commandLine(), e.getMessage(), e);
        }
        return StackEndpoints.resolve(bootstrapServers, registryUrl, stackDir).withClientProperties(client);
    }
}
