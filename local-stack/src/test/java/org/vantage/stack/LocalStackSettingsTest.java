package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.config.Sources;

class LocalStackSettingsTest {

    @Test
    void timeoutsAreDurationsAndTheOldVariableNamesStillWork() {
        assertThat(LocalStackSettings.UP.resolve(Sources.none()).get(LocalStackSettings.START_TIMEOUT))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(LocalStackSettings.UP
                        .resolve(Sources.environment(Map.of("VANTAGE_START_TIMEOUT_SECONDS", "2m")))
                        .get(LocalStackSettings.START_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(LocalStackSettings.DOWN
                        .resolve(Sources.environment(
                                Map.of("VANTAGE_STOP_TIMEOUT", "5s", "VANTAGE_STOP_TIMEOUT_SECONDS", "1h")))
                        .get(LocalStackSettings.STOP_TIMEOUT))
                .as("the new name wins over the old")
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void provisionListsEveryBadSettingAndExitsWithTwo() {
        StringWriter err = new StringWriter();
        int code = LocalStackMain.commandLine()
                .setErr(new PrintWriter(err, true))
                .execute(
                        "provision",
                        "--replication-factor",
                        "0",
                        "--timeout",
                        "90",
                        "--schema-registry-url",
                        "registry:8081");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("kafka.bootstrap-servers is required (or set VANTAGE_BOOTSTRAP_SERVERS)")
                .contains("--replication-factor: 0 is outside 1..32767")
                .contains("--timeout: '90' has no unit: add a unit, e.g. 90s")
                .contains("--schema-registry-url: 'registry:8081' must be an http:// or https:// URL with a host");
    }
}
