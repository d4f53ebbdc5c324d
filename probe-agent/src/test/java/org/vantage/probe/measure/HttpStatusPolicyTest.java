package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpStatusPolicyTest {
    @Test
    void defaultCountsServerErrorsAndLegalBlocksOnly() {
        HttpStatusPolicy p = HttpStatusPolicy.DEFAULT;
        assertThat(p.isError(200)).isFalse();
        assertThat(p.isError(302)).isFalse();
        assertThat(p.isError(403)).isFalse();
        assertThat(p.isError(404)).isFalse();
        assertThat(p.isError(451)).isTrue();
        assertThat(p.isError(500)).isTrue();
        assertThat(p.isError(503)).isTrue();
    }

    @Test
    void strictCountsEveryClientAndServerError() {
        assertThat(HttpStatusPolicy.STRICT.isError(399)).isFalse();
        assertThat(HttpStatusPolicy.STRICT.isError(400)).isTrue();
        assertThat(HttpStatusPolicy.STRICT.isError(599)).isTrue();
    }

    @Test
    void acceptedStatusesAreExempt() {
        HttpStatusPolicy p = new HttpStatusPolicy(400, Set.of(), Set.of(403));
        assertThat(p.isError(403)).isFalse();
        assertThat(p.isError(404)).isTrue();
    }

    @Test
    void rejectsNonStatuses() {
        assertThatThrownBy(() -> new HttpStatusPolicy(100, Set.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpStatusPolicy(400, Set.of(42), Set.of()))
                .hasMessageContaining("42");
    }
}
