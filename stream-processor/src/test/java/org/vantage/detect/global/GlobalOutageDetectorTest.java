package org.vantage.detect.global;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.model.CountryPlatformVerdict;
import org.vantage.detect.model.PlatformStatus;

class GlobalOutageDetectorTest {
    final GlobalOutageDetector detector =
            new GlobalOutageDetector(DetectionThresholds.defaults().global());
    static final long W = 1_705_759_260_000L;

    static CountryPlatformVerdict v(String country, long windowEnd, boolean failing) {
        return new CountryPlatformVerdict("youtube", country, windowEnd, failing, failing ? 3 : 0, failing ? 0.9 : 0);
    }

    @Test
    void globalOnceFailingInThreeCountriesAndHeldWhileTwoStillFail() {
        PlatformStatus s = detector.update(null, v("PK", W, true));
        s = detector.update(s, v("IN", W, true));
        assertThat(s.global()).isFalse();
        PlatformStatus before = s;
        s = detector.update(s, v("BD", W, true));
        assertThat(s.global()).isTrue();
        assertThat(s.failingCountries()).containsExactly("BD", "IN", "PK");
        assertThat(GlobalOutageDetector.changed(before, s)).isTrue();

        s = detector.update(s, v("PK", W + 60_000, false));
        assertThat(s.global()).as("two countries still failing").isTrue();
        s = detector.update(s, v("IN", W + 60_000, false));
        assertThat(s.global()).isFalse();
    }

    @Test
    void staleVerdictsDoNotCount() {
        PlatformStatus s = detector.update(null, v("PK", W, true));
        s = detector.update(s, v("IN", W, true));
        s = detector.update(s, v("BD", W + 10 * 60_000, true));
        assertThat(s.failingCountries()).containsExactly("BD");
        assertThat(s.global()).isFalse();
    }
}
