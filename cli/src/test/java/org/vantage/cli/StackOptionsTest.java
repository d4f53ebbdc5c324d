package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.stack.StackFile;
import picocli.CommandLine;

class StackOptionsTest {

    @TempDir
    Path dir;

    private StackEndpoints endpoints(Map<String, String> env, String... args) {
        FleetCommand fleet = new FleetCommand();
        new CommandLine(fleet).parseArgs(args);
        return fleet.stack.endpoints(env);
    }

    @Test
    void optionsWinOverTheEnvironmentWhichWinsOverTheStackFile() throws Exception {
        new StackFile(
                        "stack:9092",
                        "http://stack:8081",
                        dir.toString(),
                        StackFile.RecordedProcess.of(ProcessHandle.current()),
                        StackFile.RecordedProcess.of(ProcessHandle.current()),
                        dir.resolve("broker.log").toString(),
                        Map.of())
                .write(dir);
        String stackDir = dir.toString();

        StackEndpoints fromFile = endpoints(Map.of(), "--stack-dir", stackDir);
        assertThat(fromFile.bootstrapServers()).isEqualTo("stack:9092");
        assertThat(fromFile.registryUrl()).isEqualTo("http://stack:8081");

        StackEndpoints fromEnv = endpoints(Map.of("VANTAGE_BOOTSTRAP_SERVERS", "env:9092"), "--stack-dir", stackDir);
        assertThat(fromEnv.bootstrapServers()).isEqualTo("env:9092");
        assertThat(fromEnv.registryUrl()).isEqualTo("http://stack:8081");

        StackEndpoints fromOptions = endpoints(
                Map.of("VANTAGE_SCHEMA_REGISTRY_URL", "http://env:8081"),
                "--stack-dir",
                stackDir,
                "--schema-registry-url",
                "http://option:8081");
        assertThat(fromOptions.registryUrl()).isEqualTo("http://option:8081");
        assertThat(endpoints(Map.of(), "--stack-dir", stackDir, "--registry-url", "http://old-name:8081")
                        .registryUrl())
                .as("the old option name is an alias")
                .isEqualTo("http://old-name:8081");
    }

    @Test
    void withoutAnyOfThemTheErrorSaysWhatToSet() {
        assertThatThrownBy(() -> endpoints(Map.of(), "--stack-dir", dir.toString()))
                .hasMessageContaining(
                        "pass --bootstrap-servers and --schema-registry-url, set VANTAGE_BOOTSTRAP_SERVERS");
    }

    @Test
    void badValuesAreUsageErrorsListedTogether() {
        assertThatThrownBy(() -> endpoints(
                        Map.of("VANTAGE_BOOTSTRAP_SERVERS", "kafka"),
                        "--stack-dir",
                        dir.toString(),
                        "--schema-registry-url",
                        "kafka:8081"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("VANTAGE_BOOTSTRAP_SERVERS (kafka.bootstrap-servers): 'kafka' must be host:port")
                .hasMessageContaining(
                        "--schema-registry-url: 'kafka:8081' must be an http:// or https:// URL with a host");
    }
}
