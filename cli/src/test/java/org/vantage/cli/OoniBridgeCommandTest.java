package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.vantage.config.Setting;
import org.vantage.ooni.bridge.OoniBridgeSettings;
import picocli.CommandLine;

class OoniBridgeCommandTest {

    @Test
    void helpShowsEveryBridgeSettingWithItsVariableAndDefault() {
        CommandLine cli = VantageCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("ooni-bridge", "--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        for (Setting<?> s : OoniBridgeSettings.ALL.all()) {
            assertThat(help).contains(s.options().get(0)).contains(s.env());
        }
        assertThat(help)
                .contains("--bootstrap-servers")
                .contains("--schema-registry-url")
                .contains("default 60s");
    }

    @Test
    void badSettingsAreAUsageErrorListingEveryProblemBeforeAnythingConnects() {
        CommandLine cli = VantageCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(
                "ooni-bridge",
                "--country",
                "Pakistan",
                "--page-size",
                "0",
                "--api-url",
                "ftp://x",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--schema-registry-url",
                "http://127.0.0.1:1");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("--country: not ISO 3166-1 alpha-2 country codes: 'Pakistan'")
                .contains("--page-size: 0 is outside 1..1000")
                .contains("--api-url: 'ftp://x' must be an http(s) URL");
    }
}
