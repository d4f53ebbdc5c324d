package org.vantage.ooni.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CountryStateTest {

    private static final Instant NOW = Instant.parse("2026-07-11T18:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(6);

    @Test
    void encodedStateDecodesToTheSameUidsFloorAndNewestTime() {
        CountryState s = CountryState.empty("PK");
        s.remember("20260711174302.862234_PK_webconnectivity_a7f2d8e7c742809a", NOW.minusSeconds(60));
        s.published(NOW.minusSeconds(60));
        CountryState back = CountryState.decode(s.encode());
        assertThat(back.country()).isEqualTo("PK");
        assertThat(back.seen("20260711174302.862234_PK_webconnectivity_a7f2d8e7c742809a"))
                .isTrue();
        assertThat(back.seen("other")).isFalse();
        assertThat(back.newestPublished()).contains(NOW.minusSeconds(60));
        assertThat(back.floor()).isEmpty();
    }

    @Test
    void uidsOlderThanTheTrailingWindowAndItsMarginAreForgottenOthersKept() {
        CountryState s = CountryState.empty("PK");
        s.remember("old", NOW.minus(WINDOW).minus(CountryState.MARGIN).minusSeconds(1));
        s.remember("edge", NOW.minus(WINDOW).minus(CountryState.MARGIN));
        s.remember("recent", NOW.minusSeconds(5));
        assertThat(s.prune(NOW, WINDOW)).isZero();
        assertThat(s.seen("old")).isFalse();
        assertThat(s.seen("edge")).isTrue();
        assertThat(s.seen("recent")).isTrue();
        assertThat(s.since(NOW, WINDOW)).isEqualTo(NOW.minus(WINDOW));
    }

    @Test
    void aCountryWithMoreUidsThanOneRecordHoldsDropsTheOldestAndRaisesTheFloorAboveThem() {
        CountryState s = CountryState.empty("US");
        int n = CountryState.MAX_UIDS + 500;
        for (int i = 0; i < n; i++) {
            // long uids, the current OONI form
            s.remember(
                    String.format("20260711%06d.000000_US_webconnectivity_%016x", i, (long) i),
                    NOW.minusSeconds(n - i));
        }
        int evicted = s.prune(NOW, WINDOW);
        assertThat(evicted).isGreaterThanOrEqualTo(500);
        assertThat(s.size()).isLessThanOrEqualTo(CountryState.MAX_UIDS);
        Instant floor = s.floor().orElseThrow();
        // the newest evicted uid is below the floor, so no poll lists it again; the next window starts there
        assertThat(floor).isEqualTo(NOW.minusSeconds(n - (evicted - 1)).plusSeconds(1));
        assertThat(s.since(NOW, WINDOW)).isEqualTo(floor);
        assertThat(s.encode().length).isLessThan(CountryState.MAX_BYTES).isLessThan(1_000_000);
        assertThat(CountryState.decode(s.encode()).floor()).contains(floor);
    }

    @Test
    void aRecordOfAnotherFormatIsRefusedWithWhatItIs() {
        assertThatThrownBy(() -> CountryState.decode("{\"v\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a version 1 bridge state");
        assertThatThrownBy(() -> CountryState.decode("nope".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
    }

    @Test
    void theKeyNamesBridgeAndCountry() {
        assertThat(CountryState.key("ooni-bridge", "PK")).isEqualTo("ooni-bridge/PK");
    }
}
