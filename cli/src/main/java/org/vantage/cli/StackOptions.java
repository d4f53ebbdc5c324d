package org.vantage.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Kafka and the Schema Registry are, for every command that talks to them (a picocli mixin). */
public final class StackOptions {

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: env VANTAGE_BOOTSTRAP_SERVERS or the local stack's stack.json).")
    String bootstrapServers;

    @Option(names = "--registry-url", description = "Schema Registry URL (default: env VANTAGE_SCHEMA_REGISTRY_URL or the local stack's stack.json).")
    String registryUrl;

    @Option(names = "--stack-dir", defaultValue = ".vantage", description = "Data directory of a running local stack, holding stack.json (default ${DEFAULT-VALUE}; the demo's is .vantage/demo/stack).")
    Path stackDir;

    /** Resolves options, then environment, then the stack file; fails with what to set when none says. */
    public StackEndpoints endpoints() {
        return StackEndpoints.resolve(bootstrapServers, registryUrl, stackDir);
    }
}
