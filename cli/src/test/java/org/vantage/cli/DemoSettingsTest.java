package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.Resolved;
import org.vantage.config.SettingsException;
import picocli.CommandLine;

class DemoSettingsTest {

    private static Resolved resolve(Map<String, String> env, String... args) {
        CommandLine demo = new CommandLine(new DemoCommand());
        demo.parseArgs(args);
        return CommandLineSettings.resolve(demo.getCommandSpec(), DemoSettings.ALL, env);
    }

    @Test
    void theTimeoutTakesEveryUnitIncludingDays() {
        assertThat(resolve(Map.of(), "--timeout", "1d").get(DemoSettings.TIMEOUT))
                .isEqualTo(Duration.ofDays(1));
        assertThat(resolve(Map.of()).get(DemoSettings.TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void optionsWinOverTheEnvironmentWhichWinsOverTheDefaults() {
        Resolved r = resolve(
                Map.of(
                        "VANTAGE_DEMO_DIR",
                        "/tmp/env-demo",
                        "VANTAGE_HTTP_PORT",
                        "9000",
                        "VANTAGE_DEMO_EXIT_AFTER",
                        "resolved"),
                "--http-port",
                "0");
        assertThat(r.get(DemoSettings.DATA_DIR)).isEqualTo(Path.of("/tmp/env-demo"));
        assertThat(r.get(DemoSettings.HTTP_PORT)).isZero();
        assertThat(r.get(DemoSettings.EXIT_AFTER)).isEqualTo(DemoCommand.ExitAfter.resolved);
    }

    @Test
    void badValuesAreListedTogether() {
        assertThatThrownBy(() ->
                        resolve(Map.of("VANTAGE_DEMO_EXIT_AFTER", "later"), "--timeout", "10", "--http-port", "-1"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("--http-port: -1 is outside 0..65535")
                .hasMessageContaining(
                        "VANTAGE_DEMO_EXIT_AFTER (demo.exit-after): 'later' must be one of never, opened, resolved, scenario")
                .hasMessageContaining("--timeout: '10' has no unit: add a unit, e.g. 10s");
    }

    @Test
    void badSettingsMakeTheDemoExitWithCode2BeforeStartingAnything() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine demo = new CommandLine(new DemoCommand());
        demo.setErr(new java.io.PrintWriter(err, true));
        assertThat(demo.execute("--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout: 'soon' is not a duration");
    }
}
