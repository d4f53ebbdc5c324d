package org.vantage.detect.global;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vantage.detect.config.GlobalSettings;
import org.vantage.detect.model.CountryPlatformVerdict;
import org.vantage.detect.model.PlatformStatus;

/**
 * Recognises a platform's own outage: failing (on networks holding at least half of the observed users)
 * in {@code globalMinCountries} countries within the same few windows. Once global, the flag holds while
 * at least {@code max(2, globalMinCountries - 1)} countries still fail, so countries recovering one after
 * the other do not turn the tail of a global outage into national restrictions.
 */
public final class GlobalOutageDetector {
    /** Verdicts older than this many windows behind the newest are ignored. */
    static final int FRESH_WINDOWS = 3;

    private final GlobalSettings settings;

    public GlobalOutageDetector(GlobalSettings settings) {
        this.settings = settings;
    }

    public PlatformStatus update(PlatformStatus previous, CountryPlatformVerdict verdict) {
        PlatformStatus prev = previous == null ? PlatformStatus.empty(verdict.platform()) : previous;
        Map<String, CountryPlatformVerdict> countries = new TreeMap<>(prev.countries());
        CountryPlatformVerdict old = countries.get(verdict.country());
        if (old == null || old.windowEnd() <= verdict.windowEnd()) {
            countries.put(verdict.country(), verdict);
        }
        long newest = countries.values().stream()
                .mapToLong(CountryPlatformVerdict::windowEnd)
                .max()
                .orElse(verdict.windowEnd());
        long oldest = newest - FRESH_WINDOWS * settings.windowMs();
        countries.values().removeIf(v -> v.windowEnd() < oldest);
        List<String> failing = countries.values().stream()
                .filter(CountryPlatformVerdict::failing)
                .map(CountryPlatformVerdict::country)
                .sorted()
                .toList();
        int needed = prev.global() ? Math.max(2, settings.globalMinCountries() - 1) : settings.globalMinCountries();
        boolean global = failing.size() >= needed;
        return new PlatformStatus(
                verdict.platform(), countries, failing, global, newest, prev.decidedThrough(), prev.globalAt());
    }

    /** Whether the change is worth publishing: the global flag or the set of failing countries changed. */
    public static boolean changed(PlatformStatus before, PlatformStatus after) {
        return before == null
                || before.global() != after.global()
                || !before.failingCountries().equals(after.failingCountries());
    }
}
