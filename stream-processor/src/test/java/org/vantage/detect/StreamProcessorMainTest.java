package org.vantage.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamProcessorMainTest {

    @Test
    void badSettingsExitWithCode2ListingEveryProblem() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StreamProcessorMain());
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--min-probes", "many", "--grace", "90", "--disrupted-failure-rate", "0.1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--min-probes: 'many' is not an integer")
                .contains("--grace: '90' has no unit: add a unit, e.g. 90s");
        StringWriter err2 = new StringWriter();
        cli.setErr(new PrintWriter(err2, true));
        assertThat(cli.execute("--degraded-failure-rate", "0.9", "--http-port", "70000"))
                .isEqualTo(2);
        assertThat(err2.toString())
                .contains("bootstrap servers missing")
                .contains("VANTAGE_HTTP_PORT must be 0..65535")
                .contains("degraded failure rate must not exceed the disrupted failure rate");
    }

    @Test
    void everySettingIsAnOptionNamingItsVariable() {
        CommandLine cli = new CommandLine(new StreamProcessorMain());
        assertThat(cli.getCommandSpec().findOption("--window-size").description()[0])
                .contains("VANTAGE_WINDOW_SIZE", "default 1m");
        assertThat(cli.getCommandSpec().findOption("--registry-url"))
                .isSameAs(cli.getCommandSpec().findOption("--schema-registry-url"));
    }
}
