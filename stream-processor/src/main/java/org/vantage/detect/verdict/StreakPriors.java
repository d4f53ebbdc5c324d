package org.vantage.detect.verdict;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.window.NetworkState;

/**
 * The streaks a network's verdicts build on: consecutive abnormal windows per platform for the network, and per region
 * and platform ({@code region/platform}), kept in the network's state. A window's prior is the streak up to the window
 * just before it. Windows are judged once each, oldest first, so a streak never depends on the order measurements
 * arrived in within the grace period.
 */
final class StreakPriors {
    private final long windowMs;
    /** How long a region's streak is kept after its window: regions are free text and must not pile up in the state. */
    private final long regionRetentionMs;

    StreakPriors(Duration window, Duration grace, int regionSustainWindows) {
        this.windowMs = window.toMillis();
        this.regionRetentionMs = grace.toMillis() + (regionSustainWindows + 1L) * windowMs;
    }

    /** Abnormal windows before {@code windowStart} per platform of {@code scope} ("" for the network, "region/"). */
    Map<String, Integer> prior(
            Map<String, NetworkState.Streak> streaks, Iterable<String> platforms, String scope, long windowStart) {
        Map<String, Integer> prior = new TreeMap<>();
        for (String platform : platforms) {
            NetworkState.Streak streak = streaks.get(scope + platform);
            if (streak != null && streak.windowStart == windowStart - windowMs) {
                prior.put(platform, streak.windows);
            }
        }
        return prior;
    }

    /** Keeps the streaks the verdicts of a window reached, unless a later window was judged already. */
    static void remember(
            Map<String, NetworkState.Streak> streaks, List<PlatformVerdict> judged, String scope, long windowStart) {
        for (PlatformVerdict v : judged) {
            NetworkState.Streak streak = streaks.computeIfAbsent(scope + v.platform(), p -> new NetworkState.Streak());
            if (windowStart >= streak.windowStart) {
                streak.windowStart = windowStart;
                streak.windows = v.abnormalWindows();
            }
        }
    }

    /** Drops the streaks of regions no longer reported by the time {@code windowStart} is judged. */
    void forgetStaleRegions(Map<String, NetworkState.Streak> streaks, long windowStart) {
        long stale = windowStart - regionRetentionMs;
        streaks.entrySet().removeIf(e -> e.getKey().indexOf('/') >= 0 && e.getValue().windowStart < stale);
    }
}
