package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.probe.simulate.Scenario;

class BenchFleetTest {

    @Test
    void spanCoversTheRequestedMeasurementsInWholeIntervals() {
        long per = BenchFleet.perInterval();
        assertThat(per).isEqualTo(2000L * 14);
        assertThat(BenchFleet.span(1)).isEqualTo(Duration.ofMinutes(3));
        assertThat(BenchFleet.span(10 * per)).isEqualTo(Duration.ofMinutes(10));
        assertThat(BenchFleet.span(10 * per + 1)).isEqualTo(Duration.ofMinutes(11));
    }

    @Test
    void scenarioEndsAtTheGivenTimeAndUsesOnlyPlatformsTheDetectionAccepts() {
        Instant end = Instant.parse("2026-01-01T12:00:00Z");
        Scenario s = BenchFleet.load(3_000_000, end);
        assertThat(s.end()).isEqualTo(end);
        assertThat(Duration.between(s.start(), s.end()))
                .isLessThan(DetectionThresholds.defaults().maxAge());
        assertThat(DetectionThresholds.DEFAULT_PLATFORMS)
                .containsAll(s.platforms().keySet());
        assertThat(s.disruptions())
                .allMatch(d -> d.start().isAfter(s.start()) && d.end().isBefore(s.end()));
        assertThat(s.probeCount()).isEqualTo(2000);
    }
}
