package org.vantage.detect.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.model.VerdictState;
import org.vantage.detect.window.NetworkState;

class StreakPriorsTest {
    static final long MINUTE = 60_000;
    final StreakPriors priors = new StreakPriors(Duration.ofMinutes(1), Duration.ofMinutes(5), 3);
    final Map<String, NetworkState.Streak> streaks = new TreeMap<>();

    static PlatformVerdict judged(String platform, int abnormalWindows) {
        return new PlatformVerdict(
                platform,
                abnormalWindows > 0 ? VerdictState.DEGRADED : VerdictState.OK,
                0.9,
                abnormalWindows,
                0.0,
                0.0,
                6,
                0,
                12,
                0,
                Map.of(),
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                List.of());
    }

    @Test
    void aWindowBuildsOnTheStreakOfTheWindowJustBeforeIt() {
        StreakPriors.remember(streaks, List.of(judged("twitter", 2), judged("youtube", 0)), "", 10 * MINUTE);

        assertThat(priors.prior(streaks, List.of("twitter", "youtube", "facebook"), "", 11 * MINUTE))
                .isEqualTo(Map.of("twitter", 2, "youtube", 0));
    }

    @Test
    void aStreakWithAGapBeforeTheWindowIsNoPrior() {
        StreakPriors.remember(streaks, List.of(judged("twitter", 2)), "", 10 * MINUTE);

        assertThat(priors.prior(streaks, List.of("twitter"), "", 12 * MINUTE)).isEmpty();
    }

    @Test
    void anOlderWindowJudgedLaterDoesNotOverwriteANewerStreak() {
        StreakPriors.remember(streaks, List.of(judged("twitter", 3)), "", 11 * MINUTE);
        StreakPriors.remember(streaks, List.of(judged("twitter", 0)), "", 10 * MINUTE);

        assertThat(priors.prior(streaks, List.of("twitter"), "", 12 * MINUTE)).isEqualTo(Map.of("twitter", 3));
    }

    @Test
    void aRegionsStreaksAreKeptApartFromTheNetworks() {
        StreakPriors.remember(streaks, List.of(judged("twitter", 1)), "", 10 * MINUTE);
        StreakPriors.remember(streaks, List.of(judged("twitter", 4)), "Punjab/", 10 * MINUTE);

        assertThat(priors.prior(streaks, List.of("twitter"), "", 11 * MINUTE)).isEqualTo(Map.of("twitter", 1));
        assertThat(priors.prior(streaks, List.of("twitter"), "Punjab/", 11 * MINUTE))
                .isEqualTo(Map.of("twitter", 4));
    }

    @Test
    void streaksOfRegionsNoLongerReportedAreForgottenButTheNetworksAreKept() {
        StreakPriors.remember(streaks, List.of(judged("twitter", 1)), "", 10 * MINUTE);
        StreakPriors.remember(streaks, List.of(judged("twitter", 4)), "Punjab/", 10 * MINUTE);
        StreakPriors.remember(streaks, List.of(judged("twitter", 4)), "Sindh/", 12 * MINUTE);

        // kept for the grace (5 min) and the region sustain plus one (4 windows) after their window
        priors.forgetStaleRegions(streaks, 19 * MINUTE);
        assertThat(streaks).containsOnlyKeys("twitter", "Punjab/twitter", "Sindh/twitter");
        priors.forgetStaleRegions(streaks, 19 * MINUTE + 1);
        assertThat(streaks).containsOnlyKeys("twitter", "Sindh/twitter");
    }
}
