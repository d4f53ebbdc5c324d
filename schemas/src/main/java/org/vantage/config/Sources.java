package org.vantage.config;

import java.util.Map;

/**
 * Where values come from, in rising precedence: the declared defaults, then a configuration file (keyed by
 * setting name), then the environment (keyed by variable), then the command line (keyed by setting name).
 * A blank value counts as not set.
 */
public record Sources(Map<String, String> file, Map<String, String> environment, Map<String, String> commandLine) {

    public Sources {
        file = Map.copyOf(file);
        environment = environment == null ? Map.of() : environment;
        commandLine = Map.copyOf(commandLine);
    }

    /** Nothing set: every setting at its default. */
    public static Sources none() {
        return new Sources(Map.of(), Map.of(), Map.of());
    }

    /** This process's environment: the one place Vantage reads environment variables. */
    public static Sources processEnvironment() {
        return environment(System.getenv());
    }

    /** An environment alone (tests pass their own). */
    public static Sources environment(Map<String, String> env) {
        return new Sources(Map.of(), env, Map.of());
    }

    public Sources withFile(Map<String, String> values) {
        return new Sources(values, environment, commandLine);
    }

    public Sources withCommandLine(Map<String, String> values) {
        return new Sources(file, environment, values);
    }
}
