package org.vantage.detect.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One platform across countries: the latest verdict of each country and whether the platform is failing
 * globally (in at least {@code globalMinCountries} countries at once). Topic
 * {@code vantage.platform-status.v1}, key = platform; published by the global stage once per window it decides and
 * read back as a global table by the country stage, which waits for the decision on a window before it steps its
 * incidents of that window.
 *
 * @param decidedThrough the newest window end the global stage has decided (0 before its first decision)
 * @param globalAt       for the last few decided windows where the platform was failing globally: window end ->
 *                       the countries failing then
 */
public record PlatformStatus(
        String platform,
        Map<String, CountryPlatformVerdict> countries,
        List<String> failingCountries,
        boolean global,
        long updatedAt,
        long decidedThrough,
        Map<Long, List<String>> globalAt) {

    /**
     * Decided windows remembered in {@link #globalAt}: twice as many as a country sends ahead of the oldest window whose
     * decision it waits for, so that decision is still here when the country steps that window.
     */
    public static final int GLOBAL_HISTORY_WINDOWS = 20;

    public PlatformStatus {
        globalAt = globalAt == null ? Map.of() : globalAt;
    }

    public PlatformStatus(
            String platform,
            Map<String, CountryPlatformVerdict> countries,
            List<String> failingCountries,
            boolean global,
            long updatedAt) {
        this(platform, countries, failingCountries, global, updatedAt, 0, Map.of());
    }

    public static PlatformStatus empty(String platform) {
        return new PlatformStatus(platform, Map.of(), List.of(), false, 0);
    }

    /** Whether the platform was failing globally in the window ending at {@code windowEnd}, with {@code country} among the countries. */
    public boolean globalIn(long windowEnd, String country) {
        List<String> failing = globalAt.get(windowEnd);
        return failing != null && failing.contains(country);
    }

    /**
     * This status as decided for the window ending at {@code windowEnd}: the decision recorded in the history (the
     * global flag of this window), the oldest windows forgotten.
     */
    public PlatformStatus decided(long windowEnd, boolean globalNow, long windowMs) {
        TreeMap<Long, List<String>> history = new TreeMap<>(globalAt);
        if (globalNow) {
            history.put(windowEnd, List.copyOf(failingCountries));
        }
        history.headMap(windowEnd - GLOBAL_HISTORY_WINDOWS * windowMs, true).clear();
        return new PlatformStatus(platform, countries, failingCountries, global, updatedAt, windowEnd, history);
    }
}
