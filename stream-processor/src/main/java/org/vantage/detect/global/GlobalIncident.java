package org.vantage.detect.global;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vantage.detect.config.GlobalSettings;
import org.vantage.detect.model.CountryPlatformVerdict;
import org.vantage.detect.model.PlatformStatus;
import org.vantage.detect.model.Platforms;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.CountryEvidence;
import org.vantage.schema.DisruptionAlert;
import org.vantage.schema.Scope;

/**
 * One incident per global platform outage, whatever the number of countries and platforms it spans: the
 * platforms failing in {@code globalMinCountries} countries at once (see {@link GlobalOutageDetector}), with
 * every country that shows them. Opened after {@code openAfterWindows} windows with such platforms, UPDATED
 * when a country or platform joins or leaves (a member stays until it has been absent for the resolve period),
 * RESOLVED after {@code resolveAfterWindows} windows without. Countries do not open incidents of their own for
 * these platforms; a country with a restriction of its own still does.
 *
 * <p>The state ({@link State}) lives in one store entry (key {@link #KEY}); the incident id comes from the
 * onset, {@code ZZ-yyyyMMdd-HHmm-global}, as stable over a replay as a country's.
 */
public final class GlobalIncident {
    /** Key and country code of global incidents: ZZ, "unknown or unspecified" in ISO 3166's user-assigned range. */
    public static final String KEY = "ZZ";

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

    private final GlobalSettings settings;

    public GlobalIncident(GlobalSettings settings) {
        this.settings = settings;
    }

    /**
     * Everything the global stage keeps: the latest status of every platform and the incident's lifecycle. Its maps keep
     * insertion order, as they have once restored from JSON (the stage's store keeps the live object between commits):
     * platforms are published, and countries listed in an alert, in the order they first came (each window's newcomers
     * sorted), whether the state was restored or not.
     */
    public static final class State {
        public Map<String, PlatformStatus> platforms = new LinkedHashMap<>();
        /** Newest window end seen, and the last one the incident was stepped at. */
        public long clock;

        public long steppedAt;
        public boolean open;
        public String incidentId;
        public int sequence;
        public long startTime;
        public int pendingWindows;
        public long pendingStart;
        public int healthyWindows;
        public long healthySince;
        /** Sticky members: platform / country -> window end it was last seen failing. */
        public Map<String, Long> platformSeen = new LinkedHashMap<>();

        public Map<String, Long> countrySeen = new LinkedHashMap<>();
        /** Each member country's latest evidence. */
        public Map<String, CountryPart> evidence = new LinkedHashMap<>();
        /** Per country: the newest window it reported and when (wall clock), for the stage's watermark. */
        public Map<String, CountryClock> countryClocks = new LinkedHashMap<>();
        /**
         * The oldest window with verdicts not decided yet (0: none); the verdicts themselves are in their own store, one
         * record per country and window.
         */
        public long firstPendingWindow;
        /** The newest window decided: its verdicts applied, the incident stepped, the platforms published. */
        public long decidedThrough;
        /** Wall clock of the first verdict: the first decision waits a little for every country to show up. */
        public long firstSeenWallClock;
    }

    /** How far a country has reported, and when it last did. */
    public static final class CountryClock {
        public long latestWindowEnd;
        public long lastHeardWallClock;
        /** The newest window all of the country's networks have reported, sent or held back. */
        public long completeThrough;

        public CountryClock() {}
    }

    /** One country's part in the incident. */
    public record CountryPart(String country, List<String> platforms, int networksFailing, double affectedUserShare) {}

    /** Steps the incident at the window ending at {@code windowEnd}, once every country's verdicts of it are in {@code s.platforms}. */
    public Optional<DisruptionAlert> stepAt(State s, long windowEnd, long emittedAt) {
        s.clock = Math.max(s.clock, windowEnd);
        if (windowEnd <= s.steppedAt) {
            return Optional.empty();
        }
        s.steppedAt = windowEnd;
        return step(s, windowEnd, emittedAt);
    }

    private Optional<DisruptionAlert> step(State s, long windowEnd, long emittedAt) {
        long fresh = windowEnd - GlobalOutageDetector.FRESH_WINDOWS * settings.windowMs();
        Map<String, CountryPart> parts = new TreeMap<>();
        Set<String> platforms = new TreeSet<>();
        for (PlatformStatus p : s.platforms.values()) {
            if (!p.global() || p.updatedAt() < fresh) {
                continue;
            }
            platforms.add(p.platform());
            for (String cc : p.failingCountries()) {
                CountryPlatformVerdict v = p.countries().get(cc);
                CountryPart old = parts.get(cc);
                List<String> ps = new ArrayList<>(old == null ? List.of() : old.platforms());
                ps.add(p.platform());
                int networks = Math.max(old == null ? 0 : old.networksFailing(), v == null ? 0 : v.networksFailing());
                double share =
                        Math.max(old == null ? 0 : old.affectedUserShare(), v == null ? 0 : v.affectedUserShare());
                parts.put(cc, new CountryPart(cc, Platforms.sorted(ps), networks, share));
            }
        }
        if (!s.open) {
            if (platforms.isEmpty()) {
                s.pendingWindows = 0;
                return Optional.empty();
            }
            if (s.pendingWindows == 0) {
                s.pendingStart = windowEnd - settings.windowMs();
            }
            s.pendingWindows++;
            if (s.pendingWindows < settings.openAfterWindows()) {
                return Optional.empty();
            }
            s.open = true;
            s.startTime = s.pendingStart;
            s.incidentId = KEY + "-" + ID_TIME.format(Instant.ofEpochMilli(s.startTime)) + "-global";
            s.sequence = 1;
            s.healthyWindows = 0;
            s.platformSeen.clear();
            s.countrySeen.clear();
            s.evidence.clear();
            remember(s, platforms, parts, windowEnd);
            return Optional.of(alert(s, AlertStatus.OPENED, windowEnd, null, emittedAt));
        }
        if (!platforms.isEmpty()) {
            s.healthyWindows = 0;
            if (remember(s, platforms, parts, windowEnd)) {
                s.sequence++;
                return Optional.of(alert(s, AlertStatus.UPDATED, windowEnd, null, emittedAt));
            }
            return Optional.empty();
        }
        if (s.healthyWindows == 0) {
            s.healthySince = windowEnd - settings.windowMs();
        }
        s.healthyWindows++;
        if (s.healthyWindows < settings.resolveAfterWindows()) {
            return Optional.empty();
        }
        s.sequence++;
        DisruptionAlert resolved = alert(s, AlertStatus.RESOLVED, windowEnd, s.healthySince, emittedAt);
        s.open = false;
        s.pendingWindows = 0;
        s.healthyWindows = 0;
        return Optional.of(resolved);
    }

    /** Records the members; true when the sticky membership changed. */
    private boolean remember(State s, Set<String> platforms, Map<String, CountryPart> parts, long windowEnd) {
        long keep = windowEnd - settings.resolveAfterWindows() * settings.windowMs();
        boolean changed = false;
        for (String p : platforms) {
            changed |= s.platformSeen.put(p, windowEnd) == null;
        }
        for (CountryPart part : parts.values()) {
            changed |= s.countrySeen.put(part.country(), windowEnd) == null;
            s.evidence.put(part.country(), part);
        }
        changed |= s.platformSeen.entrySet().removeIf(e -> e.getValue() <= keep);
        changed |= s.countrySeen.entrySet().removeIf(e -> e.getValue() <= keep);
        s.evidence.keySet().retainAll(s.countrySeen.keySet());
        return changed;
    }

    private DisruptionAlert alert(State s, AlertStatus status, long evidenceTime, Long endTime, long emittedAt) {
        List<String> platforms = Platforms.sorted(s.platformSeen.keySet());
        List<CountryEvidence> countries = s.evidence.values().stream()
                .map(c -> CountryEvidence.newBuilder()
                        .setCountry(c.country())
                        .setPlatforms(c.platforms())
                        .setNetworksFailing(c.networksFailing())
                        .setAffectedUserShare(c.affectedUserShare())
                        .build())
                .toList();
        double share = s.evidence.values().stream()
                .mapToDouble(CountryPart::affectedUserShare)
                .average()
                .orElse(0);
        int observed = (int) s.platforms.values().stream()
                .filter(p -> platforms.contains(p.platform()))
                .flatMap(p -> p.countries().keySet().stream())
                .distinct()
                .count();
        double confidence = observed == 0 ? 0 : Math.min(0.99, (double) countries.size() / observed + 0.5);
        return DisruptionAlert.newBuilder()
                .setAlertId(s.incidentId + "#" + s.sequence)
                .setIncidentId(s.incidentId)
                .setSequence(s.sequence)
                .setStatus(status)
                .setCountry(KEY)
                .setScope(Scope.GLOBAL)
                .setRegions(List.of())
                .setClassification(Classification.GLOBAL_PLATFORM_OUTAGE)
                .setPlatforms(platforms)
                .setNetworks(List.of())
                .setTechniques(List.of())
                .setAffectedUserShare(round(share))
                .setConfidence(round(confidence))
                .setStartTime(Instant.ofEpochMilli(s.startTime))
                .setLastUpdateTime(Instant.ofEpochMilli(evidenceTime))
                .setEndTime(endTime == null ? null : Instant.ofEpochMilli(endTime))
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .setSampleMeasurementIds(List.of())
                .setRelatedIncidents(List.of())
                .setCountries(countries)
                .setHeadline(headline(status, platforms, s.evidence.keySet()))
                .build();
    }

    /** "Facebook, Instagram and WhatsApp down in 5 countries (BD, IN, PK, ...): the platforms' own outage, not a restriction". */
    static String headline(AlertStatus status, List<String> platforms, Set<String> countries) {
        List<String> names = platforms.stream().map(Platforms::displayName).toList();
        String what = names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        String line = String.format(
                Locale.ROOT,
                "%s down in %d countr%s (%s): the platform%s own outage, not a restriction",
                what,
                countries.size(),
                countries.size() == 1 ? "y" : "ies",
                String.join(", ", countries),
                names.size() == 1 ? "'s" : "s'");
        return status == AlertStatus.RESOLVED ? "Resolved: " + line : line;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
