package org.vantage.detect.global;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vantage.detect.model.PlatformStatus;

class GlobalWatermarkTest {
    static final long MINUTE = 60_000;
    static final long WAIT = 20_000;

    static GlobalIncident.CountryClock clock(long latest, long heard) {
        GlobalIncident.CountryClock c = new GlobalIncident.CountryClock();
        c.latestWindowEnd = latest;
        c.lastHeardWallClock = heard;
        return c;
    }

    @Test
    void aWindowIsDecidedOnlyOnceEveryCountryHeardLatelyHasReportedIt() {
        Map<String, GlobalIncident.CountryClock> countries = new TreeMap<>();
        countries.put("PK", clock(10 * MINUTE, 1_000_000));
        countries.put("IN", clock(8 * MINUTE, 1_000_000));
        assertThat(GlobalIncidentProcessor.watermark(countries, 0, 0, 1_010_000, WAIT, MINUTE))
                .isEqualTo(8 * MINUTE);
    }

    @Test
    void aCountryThatStoppedReportingHoldsTheDecisionsBackForAtMostTheWait() {
        Map<String, GlobalIncident.CountryClock> countries = new TreeMap<>();
        countries.put("PK", clock(10 * MINUTE, 1_000_000));
        countries.put("IN", clock(8 * MINUTE, 1_000_000 - MINUTE - WAIT - 1));
        assertThat(GlobalIncidentProcessor.watermark(countries, 0, 0, 1_000_000, WAIT, MINUTE))
                .isEqualTo(10 * MINUTE);
    }

    @Test
    void nothingIsDecidedWhileTheStageOrItsFirstCountryIsYoungerThanTheWait() {
        Map<String, GlobalIncident.CountryClock> countries = new TreeMap<>();
        countries.put("PK", clock(10 * MINUTE, 1_000_000));
        assertThat(GlobalIncidentProcessor.watermark(countries, 1_000_000 - WAIT + 1, 0, 1_000_000, WAIT, MINUTE))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(GlobalIncidentProcessor.watermark(countries, 0, 1_000_000 - WAIT + 1, 1_000_000, WAIT, MINUTE))
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aPlatformStatusRemembersWhichDecidedWindowsWereGlobalAndForCountries() {
        PlatformStatus s = new PlatformStatus("youtube", Map.of(), List.of("BD", "IN", "PK"), true, 9 * MINUTE);
        PlatformStatus decided = s.decided(9 * MINUTE, true, MINUTE).decided(10 * MINUTE, false, MINUTE);
        assertThat(decided.decidedThrough()).isEqualTo(10 * MINUTE);
        assertThat(decided.globalIn(9 * MINUTE, "PK")).isTrue();
        assertThat(decided.globalIn(9 * MINUTE, "LK")).isFalse();
        assertThat(decided.globalIn(10 * MINUTE, "PK")).isFalse();
        PlatformStatus later =
                decided.decided(9 * MINUTE + PlatformStatus.GLOBAL_HISTORY_WINDOWS * MINUTE, false, MINUTE);
        assertThat(later.globalIn(9 * MINUTE, "PK"))
                .as("forgotten after the history's windows")
                .isFalse();
    }
}
