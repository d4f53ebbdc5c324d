package org.vantage.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' own tool checks the deployment's monitoring configuration: the alerting rules parse and their
 * templates render ({@code promtool check rules}), the rules fire and stay quiet as {@code deploy/alerts.test.yml}
 * says ({@code promtool test rules}), and the scrape configuration loads them ({@code promtool check config}).
 * promtool comes with Debian's {@code prometheus} package; without it these tests are skipped, except under
 * {@code CI=true}, where they fail.
 */
class PrometheusRulesTest {

    @BeforeAll
    static void promtoolIsInstalled() {
        if (!works(List.of("promtool", "--version"))) {
            String message = "promtool not found. Install Debian's prometheus package: apt-get install -y prometheus";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and the alerting rules cannot be checked: " + message);
            }
            Assumptions.abort("skipping the promtool checks: " + message);
        }
    }

    @Test
    void promtoolAcceptsTheAlertingRules() throws Exception {
        String out = promtool("check", "rules", Monitoring.ALERT_RULES);
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void theAlertingRulesFireAndStayQuietAsTheirUnitTestsSay() throws Exception {
        String out = promtool("test", "rules", Monitoring.ALERT_RULE_TESTS);
        assertThat(out).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void thePrometheusConfigurationLoadsTheAlertingRules() throws Exception {
        String out = promtool("check", "config", Monitoring.PROMETHEUS_CONFIG);
        assertThat(out).contains("1 rule files found", "SUCCESS: 8 rules found");
    }

    @Test
    void everyAlertingRuleHasUnitTestsThatSeeItFire() throws Exception {
        Set<String> seenFiring = new TreeSet<>();
        for (JsonNode test :
                new YAMLMapper().readTree(Monitoring.ALERT_RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                if (!expectation.path("exp_alerts").isEmpty()) {
                    seenFiring.add(expectation.path("alertname").asText());
                }
            }
        }
        List<String> untested = new ArrayList<>();
        for (Monitoring.Query rule : Monitoring.alertRules()) {
            String name = rule.source().substring("rule ".length());
            if (!seenFiring.contains(name)) {
                untested.add(name);
            }
        }
        assertThat(untested)
                .as("alerting rules without a promtool test case expecting them to fire")
                .isEmpty();
    }

    /** Runs promtool in deploy/ (rule files are named relative to it) and fails with its output unless it exits 0. */
    static String promtool(String command, String what, Path file) throws Exception {
        Process p = new ProcessBuilder(
                        "promtool", command, what, file.getFileName().toString())
                .directory(Monitoring.DEPLOY.toFile())
                .redirectErrorStream(true)
                .start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue())
                .as("promtool %s %s %s:%n%s", command, what, file, out)
                .isZero();
        return out;
    }

    private static boolean works(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
