package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and messages when the API or the broker is not there, or the arguments are wrong. */
class OperatorCommandErrorsTest {

    static int closedPort;

    @BeforeAll
    static void findClosedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
    }

    record Run(int exit, String err) {}

    static Run run(String... args) {
        CommandLine cli = VantageCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void unreachableApiIsExitOneWithAdvice() {
        String url = "http://127.0.0.1:" + closedPort;
        Run r = run("incidents", "--api-url", url);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("cannot reach the Vantage API at " + url + " (connection refused): "
                        + "is the stream processor running? set --api-url or VANTAGE_API_URL");
        assertThat(run("status", "PK", "--api-url", url).err()).contains("cannot reach the Vantage API at " + url);
    }

    @Test
    void unreachableBrokerIsExitOneWithinTheTimeout() {
        Run r = run(
                "fleet",
                "PK",
                "--bootstrap-servers",
                "127.0.0.1:" + closedPort,
                "--registry-url",
                "http://127.0.0.1:" + closedPort,
                "--timeout",
                "1s");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("cannot reach Kafka at 127.0.0.1:" + closedPort)
                .contains("set --bootstrap-servers or VANTAGE_BOOTSTRAP_SERVERS");
    }

    @Test
    void aMissingClientPropertiesFileIsAConfigurationErrorNamingOptionAndPath(@TempDir Path dir) {
        Path missing = dir.resolve("client.properties");
        for (String[] command : List.of(new String[] {"alerts", "tail"}, new String[] {"fleet", "PK"}, new String[] {
            "webhook-bridge", "--url", "https://example.org/hook", "--secret", "0123456789abcdef"
        })) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of(
                    "--bootstrap-servers",
                    "127.0.0.1:" + closedPort,
                    "--registry-url",
                    "http://127.0.0.1:" + closedPort,
                    "--client-properties",
                    missing.toString()));
            Run r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(r.err())
                    .contains("--client-properties: Kafka client properties file")
                    .contains(missing.toAbsolutePath().toString())
                    .contains("does not exist or is not readable");
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Run country = run("status", "Pakistan");
        assertThat(country.exit()).isEqualTo(2);
        assertThat(country.err()).contains("two-letter ISO 3166-1 code");
        assertThat(run("incidents", "--timeout", "soon").exit()).isEqualTo(2);
        assertThat(run("status").exit()).isEqualTo(2);
        Run bridge = run("webhook-bridge", "--url", "ftp://example.org/x", "--secret", "0123456789abcdef");
        assertThat(bridge.exit()).isEqualTo(2);
        assertThat(bridge.err()).contains("absolute http:// or https:// URL");
    }
}
