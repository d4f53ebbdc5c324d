package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfAnUnsortedSample() {
        List<Long> s = List.of(50L, 10L, 40L, 20L, 30L);
        assertThat(Percentiles.of(s, 50)).isEqualTo(30);
        assertThat(Percentiles.of(s, 20)).isEqualTo(10);
        assertThat(Percentiles.of(s, 21)).isEqualTo(20);
        assertThat(Percentiles.of(s, 99)).isEqualTo(50);
        assertThat(Percentiles.of(s, 100)).isEqualTo(50);
    }

    @Test
    void p99OfTwentyIsTheMaximum() {
        List<Long> s = new java.util.ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            s.add(i * 100);
        }
        assertThat(Percentiles.of(s, 99)).isEqualTo(2000);
        assertThat(Percentiles.of(s, 50)).isEqualTo(1000);
    }

    @Test
    void emptySampleIsNaNAndBadPercentileFails() {
        assertThat(Percentiles.of(List.of(), 50)).isNaN();
        assertThatThrownBy(() -> Percentiles.of(List.of(1L), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(List.of(1L), 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
