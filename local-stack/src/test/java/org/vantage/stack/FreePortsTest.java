package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picksDistinctPortsInTheTcpRange() {
        int[] ports = FreePorts.pickDistinct(8);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(8);
        assertThat(Arrays.stream(ports).boxed()).allSatisfy(p -> assertThat(p).isBetween(1, 65_535));
    }

    @Test
    void fixedPortsOutsideTheRangeAreRejected() {
        assertThat(FreePorts.requireValid(9092)).isEqualTo(9092);
        assertThatThrownBy(() -> FreePorts.requireValid(-1)).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> FreePorts.requireValid(70_000)).hasMessageContaining("1..65535");
    }
}
