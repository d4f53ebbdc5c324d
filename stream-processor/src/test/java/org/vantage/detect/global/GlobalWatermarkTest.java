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
    void aCountryWhoseTimelineEndedLongBeforeTheOthersIsNotWaitedForOnceItIsQuietForTheWait() {
        long now = 1_000_000;
        Map<String, GlobalIncident.CountryClock> countries = new TreeMap<>();
        // a global outage replayed 60 days before the Pakistan evening: its countries reported their last window 25 s
        // ago
        countries.put("BR", clock(30 * MINUTE, now - WAIT - 5_000));
        countries.put("DE", clock(29 * MINUTE, now - WAIT - 5_000));
        countries.put("PK", clock(60 * 24 * 60 * MINUTE, now));
        assertThat(GlobalIncidentProcessor.watermark(countries, 0, 0, now, WAIT, MINUTE))
                .isEqualTo(60 * 24 * 60 * MINUTE);
        countries.put("BR", clock(30 * MINUTE, now - WAIT + 1_000));
        assertThat(GlobalIncidentProcessor.watermark(countries, 0, 0, now, WAIT, MINUTE))
                .as("heard from within the wait: waited for")
                .isEqualTo(30 * MINUTE);
    }

    @Test
    void aCountryHoldingWindowsBackCountsAsFarAsItsNetworksAre() {
        long now = 1_000_000;
        Map<String, GlobalIncident.CountryClock> countries = new TreeMap<>();
        countries.put("BR", clock(30 * MINUTE, now - WAIT - 5_000));
        // Pakistan sent only the window after Brazil's last, and holds the next months back until it is decided
        GlobalIncident.CountryClock pk = clock(31 * MINUTE, now);
        countries.put("PK", pk);
        assertThat(GlobalIncidentProcessor.watermark(countries, 0, 0, now, WAIT, MINUTE))
                .as("Brazil is not far behind what Pakistan sent")
                .isEqualTo(30 * MINUTE);
        pk.completeThrough = 60 * 24 * 60 * MINUTE;
        assertThat(GlobalIncidentProcessor.watermark(countries, 0, 0, now, WAIT, MINUTE))
                .as("but far behind what Pakistan's networks reported")
                .isEqualTo(31 * MINUTE);
        countries.get("BR").completeThrough = 40 * MINUTE;
        assertThat(GlobalIncidentProcessor.watermark(countries, 0, 0, now, WAIT, MINUTE))
                .as("unless Brazil holds windows back itself, waiting for the decision on its oldest")
                .isEqualTo(30 * MINUTE);
    }

    @Test
    void aCountryAWindowBehindTheOthersIsWaitedForAsLongAsItIsHeardFrom() {
        long now = 1_000_000;
        Map<String, GlobalIncident.CountryClock> countries = new TreeMap<>();
        // live: every reported window decided, the next one under way in some countries and not yet in others
        countries.put("IN", clock(10 * MINUTE, now - 50_000));
        countries.put("PK", clock(11 * MINUTE, now));
        assertThat(GlobalIncidentProcessor.watermark(countries, 0, 0, now, WAIT, MINUTE))
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
