package org.vantage.detect.national;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.NationalSettings;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.RegionStatus;
import org.vantage.detect.model.RegionStreak;
import org.vantage.detect.model.RegionVerdict;

/**
 * Regions that fail inside networks that, as a whole, do not: the per-country half of the regional rule.
 *
 * <p>Each network's status carries its window judged per region of its probes. A region's probes on one network
 * are often too few to judge (a national operator's probes are spread over the country), so the probes of all
 * networks of one type (mobile, fixed) in a region are pooled: the pooled failure rate is the mean of the
 * probes' own rates (each network's regional rate weighted by its probes), judged with the network rules, and
 * more strictly, since a region's probes are few and each may lose its own connection now and then: at least
 * {@code minProbes} probes <em>failing</em> (not only measuring), control failing at {@code controlOutageRate} or
 * more is an outage,
 * a platform failing at {@code disruptedFailureRate} or more with control fine is a restriction, either for
 * {@code regionSustainWindows} consecutive windows (counted here, per pool); a region all of whose pooled probes
 * (at least {@code minProbes}) fell silent is an outage at once. A network with enough failing probes of its own in
 * the region counts by its own regional verdict too (sustained for {@code regionSustainWindows} by the per-network
 * stage).
 *
 * <p>The networks affected in a region are the pool's networks whose own probes there fail (or fell silent).
 */
final class RegionalEvidence {
    /** A network's part in a region's failure. */
    record Member(
            long asn,
            String networkType,
            int probes,
            double failureRate,
            long measurements,
            boolean silent,
            long lastHeardAt) {}

    /**
     * A region failing for one network type: {@code platform} is {@code control} for an outage.
     *
     * @param probes        probes of the pool behind the verdict
     * @param failingProbes probes of the pool failing (or silent)
     * @param failureRate   the pool's probe-weighted failure rate (1 for a silence)
     * @param onset         event time the failure began: first of its sustained windows, or last sign of life
     */
    record Finding(
            String region,
            String networkType,
            String platform,
            boolean silent,
            List<Member> affected,
            int probes,
            int failingProbes,
            double failureRate,
            long onset) {
        boolean outage() {
            return platform.equals(DetectionThresholds.CONTROL);
        }
    }

    private final NationalSettings settings;

    RegionalEvidence(NationalSettings settings) {
        this.settings = settings;
    }

    /** One pool: the networks of a type that have probes in a region, with their regional status. */
    private record Entry(long asn, RegionStatus region) {}

    /**
     * Findings of the window ending at {@code windowEnd}. {@code streaks} is the country's pooled-streak state,
     * updated here (idempotent for a repeated assessment of the same window).
     */
    List<Finding> assess(
            long windowEnd,
            List<NetworkStatus> statuses,
            Function<NetworkStatus, String> typeOf,
            Map<String, RegionStreak> streaks) {
        Map<String, List<Entry>> pools = new TreeMap<>();
        for (NetworkStatus s : statuses) {
            if (s.silent()) {
                continue; // the whole network is silent: a network outage, not a regional one
            }
            String type = typeOf.apply(s);
            for (RegionStatus r : s.regions()) {
                pools.computeIfAbsent(r.region() + "|" + type, k -> new ArrayList<>())
                        .add(new Entry(s.asn(), r));
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<Entry>> e : pools.entrySet()) {
            String key = e.getKey();
            int bar = key.lastIndexOf('|');
            String region = key.substring(0, bar);
            String type = key.substring(bar + 1);
            Finding outage = outage(region, type, e.getValue(), windowEnd, streaks);
            if (outage != null) {
                out.add(outage);
                continue; // platforms failing in a region that is down are the region's failure, not the platforms'
            }
            out.addAll(platforms(region, type, e.getValue(), windowEnd, streaks));
        }
        long keepFrom = windowEnd - (settings.regionSustainWindows() + 2L) * settings.windowMs();
        streaks.values().removeIf(s -> s.windowEnd < keepFrom);
        return out;
    }

    private Finding outage(
            String region, String type, List<Entry> pool, long windowEnd, Map<String, RegionStreak> streaks) {
        List<Entry> silent = pool.stream().filter(x -> x.region().silent()).toList();
        List<Entry> live = pool.stream().filter(x -> !x.region().silent()).toList();
        int silentProbes = silent.stream().mapToInt(x -> x.region().probes()).sum();
        if (live.stream().noneMatch(x -> x.region().probes() > 0) && silentProbes >= settings.minProbes()) {
            List<Member> affected = silent.stream()
                    .map(x -> new Member(
                            x.asn(),
                            type,
                            x.region().probes(),
                            1.0,
                            0,
                            true,
                            x.region().lastHeardAt()))
                    .toList();
            long onset = silent.stream()
                    .mapToLong(x -> x.region().lastHeardAt())
                    .min()
                    .orElse(windowEnd);
            return new Finding(
                    region, type, DetectionThresholds.CONTROL, true, affected, silentProbes, silentProbes, 1.0, onset);
        }
        Pooled control = pooled(live, DetectionThresholds.CONTROL);
        boolean raw = control.failing >= settings.minProbes() && control.rate >= settings.controlOutageRate();
        int windows = streak(streaks, region + "|" + type + "|" + DetectionThresholds.CONTROL, raw, windowEnd);
        List<Member> affected = new ArrayList<>();
        boolean ownVerdict = false;
        long onset = windowEnd - settings.windowMs() - Math.max(0, windows - 1) * settings.windowMs();
        for (Entry x : live) {
            RegionVerdict v = x.region().platform(DetectionThresholds.CONTROL).orElse(null);
            if (v == null || v.probes() == 0) {
                continue;
            }
            if (v.disrupted() && v.failingProbes() >= settings.minProbes()) {
                ownVerdict = true;
                onset = Math.min(
                        onset,
                        windowEnd - settings.windowMs() - Math.max(0, v.abnormalWindows() - 1) * settings.windowMs());
            }
            if (v.disrupted() || v.failureRate() >= settings.controlOutageRate()) {
                affected.add(new Member(
                        x.asn(),
                        type,
                        v.probes(),
                        v.failureRate(),
                        v.measurements(),
                        false,
                        x.region().lastHeardAt()));
            }
        }
        if (!(raw && windows >= settings.regionSustainWindows()) && !ownVerdict) {
            return null;
        }
        // silent networks of the pool are down there too
        for (Entry x : silent) {
            affected.add(new Member(
                    x.asn(), type, x.region().probes(), 1.0, 0, true, x.region().lastHeardAt()));
        }
        return new Finding(
                region,
                type,
                DetectionThresholds.CONTROL,
                false,
                affected,
                control.probes + silentProbes,
                control.failing + silentProbes,
                control.rate,
                onset);
    }

    private List<Finding> platforms(
            String region, String type, List<Entry> pool, long windowEnd, Map<String, RegionStreak> streaks) {
        List<Entry> live = pool.stream().filter(x -> !x.region().silent()).toList();
        Pooled control = pooled(live, DetectionThresholds.CONTROL);
        boolean controlFine = control.probes == 0 || control.rate <= settings.controlHealthyMax();
        TreeSet<String> names = new TreeSet<>();
        live.forEach(x -> x.region().platforms().forEach(v -> names.add(v.platform())));
        names.remove(DetectionThresholds.CONTROL);
        List<Finding> out = new ArrayList<>();
        for (String platform : names) {
            Pooled p = pooled(live, platform);
            boolean raw = controlFine && p.failing >= settings.minProbes() && p.rate >= settings.disruptedFailureRate();
            int windows = streak(streaks, region + "|" + type + "|" + platform, raw, windowEnd);
            List<Member> affected = new ArrayList<>();
            boolean ownVerdict = false;
            long onset = windowEnd - settings.windowMs() - Math.max(0, windows - 1) * settings.windowMs();
            for (Entry x : live) {
                RegionVerdict v = x.region().platform(platform).orElse(null);
                if (v == null || v.probes() == 0) {
                    continue;
                }
                double ownControl = x.region()
                        .platform(DetectionThresholds.CONTROL)
                        .map(RegionVerdict::failureRate)
                        .orElse(0.0);
                if (v.disrupted() && v.failingProbes() >= settings.minProbes()) {
                    ownVerdict = true;
                    onset = Math.min(
                            onset,
                            windowEnd
                                    - settings.windowMs()
                                    - Math.max(0, v.abnormalWindows() - 1) * settings.windowMs());
                }
                if (v.disrupted()
                        || (v.failureRate() >= settings.disruptedFailureRate()
                                && ownControl < settings.controlOutageRate())) {
                    affected.add(new Member(
                            x.asn(),
                            type,
                            v.probes(),
                            v.failureRate(),
                            v.measurements(),
                            false,
                            x.region().lastHeardAt()));
                }
            }
            if ((raw && windows >= settings.regionSustainWindows()) || ownVerdict) {
                out.add(new Finding(region, type, platform, false, affected, p.probes, p.failing, p.rate, onset));
            }
        }
        return out;
    }

    private record Pooled(int probes, int failing, double rate) {}

    /** The pool's probes of a platform and their probe-weighted failure rate; verdicts without data are left out. */
    private static Pooled pooled(List<Entry> live, String platform) {
        int probes = 0;
        int failing = 0;
        double sum = 0;
        for (Entry x : live) {
            RegionVerdict v = x.region().platform(platform).orElse(null);
            if (v != null && v.probes() > 0 && v.state() != null) {
                probes += v.probes();
                failing += v.failingProbes();
                sum += v.failureRate() * v.probes();
            }
        }
        return new Pooled(probes, failing, probes == 0 ? 0 : sum / probes);
    }

    /** Consecutive windows up to {@code windowEnd} in which {@code raw} held; a repeated window counts once. */
    private int streak(Map<String, RegionStreak> streaks, String key, boolean raw, long windowEnd) {
        RegionStreak s = streaks.get(key);
        if (!raw) {
            if (s != null && s.windowEnd <= windowEnd) {
                streaks.remove(key);
            }
            return 0;
        }
        if (s == null) {
            s = new RegionStreak();
            s.windowEnd = windowEnd;
            s.windows = 1;
            streaks.put(key, s);
        } else if (s.windowEnd == windowEnd - settings.windowMs()) {
            s.windowEnd = windowEnd;
            s.windows++;
        } else if (s.windowEnd < windowEnd) {
            s.windowEnd = windowEnd;
            s.windows = 1;
        }
        return s.windows;
    }
}
