package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsTheUnitsOperatorsType() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.parse("15M")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void rejectsNonsenseAndNonPositiveValues() {
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("use e.g. 500ms");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Durations.parse("-5m")).hasMessageContaining("positive");
    }
}
