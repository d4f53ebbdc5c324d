package org.vantage.cli.dashboard;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the dashboard tests need outside the JVM: node, and for the browser test Debian's Chromium and
 * playwright-core (installed by {@code npm ci --prefix cli/src/test/browser}). Missing tools skip the
 * test locally and fail it when {@code CI=true}.
 */
final class NodeTools {
    static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VANTAGE_CHROMIUM", "/usr/bin/chromium"));

    private NodeTools() {}

    static void requireNode() {
        require(nodeWorks() ? List.of() : List.of("node on the PATH (apt-get install nodejs npm)"));
    }

    static void requireNodeChromiumAndPlaywright() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install chromium, or set VANTAGE_CHROMIUM)");
        }
        if (!nodeWorks()) {
            missing.add("node on the PATH (apt-get install nodejs npm)");
        }
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            missing.add("playwright-core (npm ci --prefix cli/src/test/browser)");
        }
        require(missing);
    }

    private static void require(List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String message = "dashboard test needs " + String.join(", ", missing);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message + "; skipped (with CI=true this is a failure)");
    }

    private static boolean nodeWorks() {
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
