package org.vantage.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.detect.DetectionService;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.probe.ProbeMain;
import org.vantage.stack.LocalStack;
import picocli.CommandLine;

/**
 * The live dashboard in a real browser: the local stack, the detector (which serves the page) and a
 * simulated fleet replaying the Pakistan evening of 2024-01-20 run in this JVM; Debian's headless Chromium,
 * driven by playwright-core from {@code src/test/browser/dashboard-check.mjs}, opens the page BEFORE the
 * incident exists, so the incident and the coloured grid cells must arrive through the page's live updates; the
 * grid must give each network's user share, the history the incident's own classification, and the incident's
 * timeline a strip per network with the onset visible.
 * Then the page is opened a second time, mid-incident: its chart must draw the hours before the onset from the
 * history API, with the incident's span marked. Then the "All countries" tab must show Pakistan red on the world
 * map and in the table of countries. Then the page's Fleet tab must list Pakistan's networks with
 * alive probes (the simulator publishes heartbeats). The screenshots are left in {@code target/dashboard.png},
 * {@code target/dashboard-timeline.png}, {@code target/dashboard-history.png}, {@code target/dashboard-overview.png} and {@code target/dashboard-fleet.png}.
 *
 * <p>Needs {@code node}, {@code /usr/bin/chromium} (or {@code VANTAGE_CHROMIUM}) and
 * {@code npm ci --prefix cli/src/test/browser}; without them the test is skipped, or fails when {@code CI=true}.
 */
@Tag("integration")
class DashboardBrowserTest {

    private static final Path SCREENSHOT = Path.of("target/dashboard.png").toAbsolutePath();
    private static final Path FLEET_SCREENSHOT =
            Path.of("target/dashboard-fleet.png").toAbsolutePath();
    private static final Path HISTORY_SCREENSHOT =
            Path.of("target/dashboard-history.png").toAbsolutePath();
    private static final Path TIMELINE_SCREENSHOT =
            Path.of("target/dashboard-timeline.png").toAbsolutePath();
    private static final Path OVERVIEW_SCREENSHOT =
            Path.of("target/dashboard-overview.png").toAbsolutePath();
    private static final Path DRIVER_LOG =
            Path.of("target/dashboard-browser.log").toAbsolutePath();
    private static final Instant SCENARIO_START = Instant.parse("2024-01-20T12:00:00Z");
    /** How long the page may take to show the incident: the replay reaches the onset (13:40) in a minute or two. */
    private static final Duration INCIDENT_TIMEOUT = Duration.ofMinutes(6);

    @TempDir
    Path dir;

    @Test
    void theOpenIncidentAndTheDisruptedNetworksAppearLiveInChromium() throws Exception {
        NodeTools.requireNodeChromiumAndPlaywright();
        Files.deleteIfExists(SCREENSHOT);
        Files.deleteIfExists(FLEET_SCREENSHOT);
        Files.deleteIfExists(HISTORY_SCREENSHOT);
        Files.deleteIfExists(TIMELINE_SCREENSHOT);
        Files.deleteIfExists(OVERVIEW_SCREENSHOT);
        try (LocalStack stack =
                        LocalStack.builder().dataDir(dir.resolve("stack")).start();
                DetectionService detector = DetectionService.start(processorConfig(stack), "127.0.0.1")) {
            String url = "http://127.0.0.1:" + detector.httpPort() + "/";
            Process browser = startDriver(url);
            // Three hours of the evening: the restriction starts at 13:40 and is still open when the replay ends.
            AtomicInteger simulatorExit = new AtomicInteger(-1);
            Thread simulator = new Thread(
                    () -> simulatorExit.set(new CommandLine(new ProbeMain())
                            .execute(
                                    "simulate",
                                    "pk-2024-01-20",
                                    "--bootstrap-servers",
                                    stack.bootstrapServers(),
                                    "--schema-registry-url",
                                    stack.registryUrl(),
                                    "--unpaced",
                                    "--duration",
                                    "3h",
                                    "--spool-dir",
                                    dir.resolve("spool").toString(),
                                    "--progress",
                                    "30s")),
                    "dashboard-test-simulator");
            simulator.start();
            try {
                boolean exited = browser.waitFor(INCIDENT_TIMEOUT.plusMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
                if (!exited) {
                    stop(browser);
                }
                String log = Files.readString(DRIVER_LOG, StandardCharsets.UTF_8);
                assertThat(exited)
                        .as("the browser driver did not finish in time:%n%s", log)
                        .isTrue();
                assertThat(browser.exitValue())
                        .as(
                                "dashboard checks failed (simulator exit %d, -1 = still running; API incidents at the end: %s):%n%s",
                                simulatorExit.get(), incidentsNow(url), log)
                        .isZero();
                assertThat(SCREENSHOT).isNotEmptyFile();
                assertThat(FLEET_SCREENSHOT).isNotEmptyFile();
                assertThat(HISTORY_SCREENSHOT).isNotEmptyFile();
                assertThat(TIMELINE_SCREENSHOT).isNotEmptyFile();
                assertThat(OVERVIEW_SCREENSHOT).isNotEmptyFile();
            } finally {
                stop(browser);
                simulator.interrupt();
                simulator.join(10_000);
            }
        }
    }

    private Process startDriver(String url) throws IOException {
        Files.createDirectories(SCREENSHOT.getParent());
        return new ProcessBuilder(
                        "node",
                        "dashboard-check.mjs",
                        "--url",
                        url,
                        "--country",
                        "PK",
                        "--classification",
                        "PLATFORM_RESTRICTION",
                        "--platforms",
                        "twitter,facebook,instagram,youtube",
                        "--screenshot",
                        SCREENSHOT.toString(),
                        "--fleet-screenshot",
                        FLEET_SCREENSHOT.toString(),
                        "--history-screenshot",
                        HISTORY_SCREENSHOT.toString(),
                        "--timeline-screenshot",
                        TIMELINE_SCREENSHOT.toString(),
                        "--overview-screenshot",
                        OVERVIEW_SCREENSHOT.toString(),
                        "--chromium",
                        NodeTools.CHROMIUM.toString(),
                        "--timeout-ms",
                        Long.toString(INCIDENT_TIMEOUT.toMillis()),
                        "--settle-ms",
                        "5000")
                .directory(NodeTools.BROWSER_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(DRIVER_LOG.toFile())
                .start();
    }

    /** Stops the driver and the browser it started (its descendants), nothing else. */
    private static void stop(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ProcessorConfig processorConfig(LocalStack stack) {
        ProcessorConfig.Builder processor = ProcessorConfig.builder();
        processor.bootstrapServers(stack.bootstrapServers());
        processor.schemaRegistryUrl(stack.registryUrl());
        processor.stateDir(dir.resolve("state"));
        processor.httpPort(0);
        // a replay of 2024: accept event times back to the scenario's start
        processor.set(
                ProcessorSettings.MAX_AGE,
                Duration.ofDays(Duration.between(SCENARIO_START, Instant.now()).toDays() + 2));
        return processor.build();
    }

    /** For the failure message: tells a detector problem (no incident) from a page problem. */
    private static String incidentsNow(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "api/incidents?country=PK"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            return r.statusCode() + " " + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
