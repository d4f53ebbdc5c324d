package org.vantage.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.probe.config.ProbeConfig;
import org.vantage.probe.measure.MeasurementEngine;
import org.vantage.probe.measure.MeasurementTarget;
import org.vantage.probe.measure.ResolverSpec;
import org.vantage.probe.measure.TargetList;
import org.vantage.probe.measure.TargetListLoader;
import org.vantage.probe.measure.testing.LoopbackHttpServer;
import org.vantage.schema.Outcome;
import picocli.CommandLine;

class ProbeMainTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ProbeMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void badProbeConfigurationExitsWithCode2AndSaysWhatToFix() throws Exception {
        Path cfg = dir.resolve("probe.yaml");
        Files.writeString(cfg, "probe: { id: p1, country: PAK, asn: 17557 }\n");
        assertThat(run("probe", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err.toString())
                .contains("probe.country: country 'PAK' is not an ISO 3166-1 alpha-2 code: use e.g. PK")
                .contains("kafka.bootstrap-servers is required (or set VANTAGE_BOOTSTRAP_SERVERS)");
    }

    @Test
    void theProbesEngineRecognisesTheBlockPagesOfItsTargetList() throws Exception {
        TargetList defaults = TargetListLoader.loadDefault();
        assertThat(defaults.blockPageFingerprints()).isNotEmpty();
        MeasurementEngine engine = new MeasurementEngine(
                ProbeMain.measurementSettings(
                        defaults, new ProbeConfig.Measure(List.of(ResolverSpec.system()), null, Duration.ofSeconds(5))),
                Clock.systemUTC());
        try (LoopbackHttpServer server = LoopbackHttpServer.http()
                .page(
                        "/",
                        200,
                        "<html><title>Notice</title><body>This website has been blocked as per directions of PTA.</body></html>")) {
            MeasurementTarget target = MeasurementTarget.of("twitter", "http://127.0.0.1:" + server.port() + "/");
            assertThat(engine.measure(target).outcome()).isEqualTo(Outcome.HTTP_BLOCK_PAGE);
        }
    }

    @Test
    void unknownScenarioExitsWithCode2() {
        assertThat(run("simulate", "no-such-scenario", "--dry-run")).isEqualTo(2);
        assertThat(err.toString()).contains("neither a file nor a shipped scenario");
    }

    @Test
    void simulateWithoutKafkaSettingsExplainsWhatIsMissing() {
        assertThat(run("simulate", "healthy-day", "--bootstrap-servers", "")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--bootstrap-servers (or VANTAGE_BOOTSTRAP_SERVERS) is required unless --dry-run");
    }
}
