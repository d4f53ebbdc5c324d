package org.vantage.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the unit tests of the dashboard's pure JavaScript logic (window series, cell states, formatting) with
 * node's built-in test runner: {@code src/test/browser/dashboard-logic.test.mjs} and
 * {@code dashboard-regions.test.mjs} (the region breakdown of an open incident).
 */
@Tag("integration")
class DashboardLogicTest {

    @Test
    void theDashboardScriptsPassTheirNodeUnitTests() throws Exception {
        NodeTools.requireNode();
        Process node = new ProcessBuilder(
                        "node",
                        "--test",
                        "--test-reporter=spec",
                        "dashboard-logic.test.mjs",
                        "dashboard-regions.test.mjs")
                .directory(NodeTools.BROWSER_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] output = node.getInputStream().readAllBytes(); // ends when node exits
        boolean exited = node.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            node.destroyForcibly();
        }
        String report = new String(output, StandardCharsets.UTF_8);
        assertThat(exited && node.exitValue() == 0)
                .as("node --test dashboard-logic.test.mjs:%n%s", report)
                .isTrue();
        assertThat(report).as("the node tests ran").containsPattern("pass [1-9]");
    }
}
