package org.vantage.probe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.Target;

class MeasurementPlanTest {

    private static FleetConfig fleet(List<Target> targets, int concurrency) {
        return FleetConfig.newBuilder()
                .setScope("PK")
                .setVersion("pk-7")
                .setIssuedAt(Instant.EPOCH)
                .setTargets(targets)
                .setIntervalMs(30_000)
                .setJitterMs(5_000)
                .setConcurrency(concurrency)
                .build();
    }

    private static Target target(String platform, String host, String url) {
        return Target.newBuilder()
                .setPlatform(platform)
                .setHost(host)
                .setUrl(url)
                .setPort(443)
                .setThroughputUrl(null)
                .build();
    }

    @Test
    void fleetConfigurationBecomesAPlanWithItsScheduleAndPlatforms() {
        MeasurementPlan p = MeasurementPlan.fromFleet(fleet(
                List.of(
                        target("twitter", "x.com", null),
                        target("control", "www.wikipedia.org", "https://www.wikipedia.org/wiki/Main_Page"),
                        target("twitter", "api.x.com", null)),
                3));
        assertThat(p.version()).isEqualTo("pk-7");
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.jitter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.concurrency()).isEqualTo(3);
        assertThat(p.platforms()).containsExactly("twitter", "control");
        assertThat(p.targets().get(0).url().toString()).isEqualTo("https://x.com/");
    }

    @Test
    void aBrokenFleetConfigurationIsRejectedWithTheReason() {
        assertThatThrownBy(() -> MeasurementPlan.fromFleet(
                        fleet(List.of(target("twitter", "x.com", "https://evil.example/")), 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x.com");
        assertThatThrownBy(() -> MeasurementPlan.fromFleet(fleet(List.of(), 3)))
                .hasMessageContaining("at least one target");
        assertThatThrownBy(() -> MeasurementPlan.fromFleet(fleet(List.of(target("twitter", "x.com", null)), 0)))
                .hasMessageContaining("concurrency must be 1..256");
    }
}
