package org.vantage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsEveryUnitAndIsoDurations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse(" 1H ")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("pt90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("P2D")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("-5m")).isEqualTo(Duration.ofMinutes(-5));
    }

    @Test
    void zeroNeedsNoUnit() {
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void aBareNumberIsAnErrorAskingForAUnit() {
        assertThatThrownBy(() -> Durations.parse("90"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'90' has no unit: add a unit, e.g. 90s");
    }

    @Test
    void anythingElseIsAnErrorShowingTheSyntax() {
        assertThatThrownBy(() -> Durations.parse("5 minutes"))
                .hasMessageContaining("'5 minutes' is not a duration: use e.g. 500ms, 90s");
        assertThatThrownBy(() -> Durations.parse("PT")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse("5s3")).hasMessageContaining("is not a duration");
    }

    @Test
    void formatsInTheShortestUnitThatParsesBack() {
        for (Duration d : new Duration[] {
            Duration.ofDays(1),
            Duration.ofHours(2),
            Duration.ofSeconds(90),
            Duration.ofMillis(500),
            Duration.ZERO,
            Duration.ofMinutes(10)
        }) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(60))).isEqualTo("1h");
    }
}
