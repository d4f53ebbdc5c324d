package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResolverSpecTest {
    @ParameterizedTest
    @CsvSource({
        "system, system",
        "SYSTEM, system",
        "1.1.1.1, 1.1.1.1:53",
        "127.0.0.1:5353, 127.0.0.1:5353",
        "[2606:4700:4700::1111]:853, [2606:4700:4700:0:0:0:0:1111]:853",
        "2606:4700:4700::1111, [2606:4700:4700:0:0:0:0:1111]:53"
    })
    void parsesAndLabels(String text, String label) {
        assertThat(ResolverSpec.parse(text).label()).isEqualTo(label);
    }

    @Test
    void systemHasNoAddress() {
        assertThat(ResolverSpec.system().isSystem()).isTrue();
        assertThat(ResolverSpec.system().address()).isEmpty();
        assertThat(ResolverSpec.parse("8.8.8.8").isSystem()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "dns.google", "dns.google:53", "1.1.1.1:0", "1.1.1.1:70000", "1.1.1.1:x", "[::1", "[::1]x"})
    void rejectsInvalidText(String text) {
        assertThatThrownBy(() -> ResolverSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolver");
    }
}
