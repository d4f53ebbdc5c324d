package org.vantage.detect.national;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.verdict.NetworkStatus;
import org.vantage.detect.verdict.PlatformVerdict;
import org.vantage.detect.verdict.VerdictState;
import org.vantage.schema.Classification;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Scope;
import org.vantage.schema.Technique;

/**
 * The national view of one country for one window: from the latest status of each of its networks to at
 * most one {@link Candidate} per {@link Slot}, weighted by the networks' user shares.
 *
 * <p>Classification rules:
 * <ul>
 *   <li>NETWORK_OUTAGE: networks whose control targets fail, or whose probes fell silent;</li>
 *   <li>GLOBAL_PLATFORM_OUTAGE: a platform disrupted here that the global stage reports failing in
 *       several countries at once (the platform's own outage, not censorship);</li>
 *   <li>PLATFORM_RESTRICTION: platforms disrupted on networks whose control targets work;</li>
 *   <li>THROTTLING: platforms only throttled (no network blocks them outright).</li>
 * </ul>
 * Scope of a set of affected networks: one network is SINGLE_NETWORK; NATIONWIDE when the affected
 * networks hold at least {@code nationwideUserShare} of the users of the observed networks and no access
 * type (fixed / mobile) observed in the country is spared entirely; REGIONAL when every affected network
 * is a regional one (regions in the reference table); MULTI_NETWORK otherwise (e.g. all mobile networks).
 */
public final class NationalAssessment {
    /** Sample measurement ids taken from each affected network, so the samples cover several networks. */
    static final int SAMPLES_PER_NETWORK = 2;

    /** Result: candidates by slot and one verdict per platform for the global stage. */
    public record Result(Map<Slot, Candidate> candidates, List<CountryPlatformVerdict> platformVerdicts) {
    }

    private final DetectionThresholds t;

    public NationalAssessment(DetectionThresholds thresholds) {
        this.t = thresholds;
    }

    public Result assess(String country, long windowEnd, List<NetworkStatus> statuses, List<NetworkInfo> reference,
            Set<String> globalPlatforms) {
        Map<Long, NetworkInfo> infoByAsn = new HashMap<>();
        reference.forEach(n -> infoByAsn.put(n.getAsn(), n));
        List<NetworkStatus> observed = statuses.stream()
                .filter(s -> s.silent() || s.platforms().stream().anyMatch(v -> v.state() != VerdictState.INSUFFICIENT_DATA))
                .sorted(Comparator.comparingLong(NetworkStatus::asn))
                .toList();
        Map<Long, Double> shares = NetworkShares.of(reference, observed.stream().map(NetworkStatus::asn).toList());
        Context ctx = new Context(infoByAsn, shares, observed);

        Map<Slot, Candidate> candidates = new java.util.EnumMap<>(Slot.class);
        List<NetworkStatus> down = observed.stream().filter(NetworkStatus::networkDown).toList();
        if (!down.isEmpty()) {
            candidates.put(Slot.NETWORK, networkOutage(ctx, down, windowEnd));
        }

        // platform -> networks (not down) where it is disrupted / throttled; and where it fails at all this
        // window (for the global stage, which must learn of a worldwide failure before it is sustained)
        Map<String, List<NetworkStatus>> failingNow = new HashMap<>();
        Map<String, List<NetworkStatus>> disrupted = new HashMap<>();
        Map<String, List<NetworkStatus>> throttled = new HashMap<>();
        Set<String> platformsSeen = new TreeSet<>();
        for (NetworkStatus s : observed) {
            if (s.networkDown()) {
                continue;
            }
            for (PlatformVerdict v : s.platforms()) {
                if (v.platform().equals(DetectionThresholds.CONTROL)) {
                    continue;
                }
                platformsSeen.add(v.platform());
                if (v.state() != VerdictState.INSUFFICIENT_DATA && v.failureRate() >= t.disruptedFailureRate()) {
                    failingNow.computeIfAbsent(v.platform(), p -> new ArrayList<>()).add(s);
                }
                if (v.state() == VerdictState.DISRUPTED) {
                    disrupted.computeIfAbsent(v.platform(), p -> new ArrayList<>()).add(s);
                } else if (v.state() == VerdictState.THROTTLED) {
                    throttled.computeIfAbsent(v.platform(), p -> new ArrayList<>()).add(s);
                }
            }
        }
        double observedShare = ctx.share(observed);
        List<CountryPlatformVerdict> platformVerdicts = new ArrayList<>();
        for (String p : platformsSeen) {
            List<NetworkStatus> d = failingNow.getOrDefault(p, List.of());
            double share = ctx.share(d);
            boolean failing = !d.isEmpty() && observedShare > 0 && share / observedShare >= 0.5;
            platformVerdicts.add(new CountryPlatformVerdict(p, country, windowEnd, failing, d.size(), round(share)));
        }

        Set<String> global = new TreeSet<>();
        Set<String> national = new TreeSet<>();
        for (String p : disrupted.keySet()) {
            (globalPlatforms.contains(p) ? global : national).add(p);
        }
        Set<String> throttledOnly = new TreeSet<>(throttled.keySet());
        throttledOnly.removeAll(disrupted.keySet());
        if (!global.isEmpty()) {
            candidates.put(Slot.GLOBAL, platformCandidate(ctx, Slot.GLOBAL, Classification.GLOBAL_PLATFORM_OUTAGE,
                    global, disrupted, Map.of(), windowEnd));
        }
        if (!national.isEmpty() || !throttledOnly.isEmpty()) {
            Classification c = national.isEmpty() ? Classification.THROTTLING : Classification.PLATFORM_RESTRICTION;
            Set<String> platforms = new TreeSet<>(national);
            platforms.addAll(throttledOnly);
            candidates.put(Slot.PLATFORM, platformCandidate(ctx, Slot.PLATFORM, c, platforms, disrupted, throttled, windowEnd));
        }
        return new Result(candidates, platformVerdicts);
    }

    private Candidate networkOutage(Context ctx, List<NetworkStatus> down, long windowEnd) {
        List<AffectedNetworkEvidence> networks = new ArrayList<>();
        long controlFailures = 0;
        long silentNetworks = 0;
        List<String> samples = new ArrayList<>();
        double confidenceSum = 0;
        boolean allSilent = true;
        long evidenceTime = 0;
        long onset = Long.MAX_VALUE;
        for (NetworkStatus s : down) {
            PlatformVerdict control = s.control().orElse(null);
            if (s.silent()) {
                silentNetworks++;
                confidenceSum += ctx.share(s) * 0.8;
                evidenceTime = Math.max(evidenceTime, s.lastHeardAt());
                onset = Math.min(onset, s.lastHeardAt());
            } else {
                allSilent = false;
                controlFailures += control.outcomes().entrySet().stream()
                        .filter(e -> !e.getKey().equals("OK") && !e.getKey().equals("THROTTLED"))
                        .mapToLong(Map.Entry::getValue).sum();
                confidenceSum += ctx.share(s) * control.confidence();
                control.sampleMeasurementIds().stream().limit(SAMPLES_PER_NETWORK).forEach(samples::add);
                evidenceTime = Math.max(evidenceTime, s.windowEnd());
                onset = Math.min(onset, onset(s, control));
            }
            networks.add(ctx.evidence(s, List.of(), s.silent() ? 1.0 : control.failureRate(),
                    control == null ? null : control.failureRate(), null,
                    control == null ? s.activeProbes() : control.probes(), control == null ? 0 : control.measurements()));
        }
        List<TechniqueFinding> techniques = new ArrayList<>();
        if (controlFailures > 0) {
            techniques.add(new TechniqueFinding(Technique.CONNECTIVITY_LOSS, round((double) (down.size() - silentNetworks) / down.size()),
                    controlFailures, List.of(), "control targets fail on the same network at the same time"));
        }
        if (silentNetworks > 0) {
            techniques.add(new TechniqueFinding(Technique.PROBE_SILENCE, round((double) silentNetworks / down.size()),
                    0, List.of(), "heartbeats and measurements stopped from " + silentNetworks + " network(s)"));
        }
        techniques.sort((a, b) -> Double.compare(b.share(), a.share()));
        double share = ctx.share(down);
        return new Candidate(Slot.NETWORK, Classification.NETWORK_OUTAGE, ctx.scope(down), ctx.regions(down), List.of(),
                networks, techniques, round(share / Math.max(1e-9, ctx.totalShare())), round(share == 0 ? 0 : confidenceSum / share),
                samples.stream().limit(10).toList(), allSilent, evidenceTime == 0 ? windowEnd : evidenceTime,
                onset == Long.MAX_VALUE ? windowEnd - t.windowMs() : onset);
    }

    private Candidate platformCandidate(Context ctx, Slot slot, Classification classification, Set<String> platforms,
            Map<String, List<NetworkStatus>> disrupted, Map<String, List<NetworkStatus>> throttled, long windowEnd) {
        Map<Long, NetworkStatus> affected = new java.util.TreeMap<>();
        Map<Long, List<PlatformVerdict>> verdictsByAsn = new HashMap<>();
        for (String p : platforms) {
            for (Map<String, List<NetworkStatus>> m : List.of(disrupted, throttled)) {
                for (NetworkStatus s : m.getOrDefault(p, List.of())) {
                    affected.put(s.asn(), s);
                    verdictsByAsn.computeIfAbsent(s.asn(), a -> new ArrayList<>()).add(s.platform(p).orElseThrow());
                }
            }
        }
        List<AffectedNetworkEvidence> networks = new ArrayList<>();
        List<PlatformVerdict> allVerdicts = new ArrayList<>();
        List<String> samples = new ArrayList<>();
        double confidenceSum = 0;
        long onset = windowEnd - t.windowMs();
        for (NetworkStatus s : affected.values()) {
            List<PlatformVerdict> vs = verdictsByAsn.get(s.asn());
            for (PlatformVerdict v : vs) {
                onset = Math.min(onset, onset(s, v));
            }
            allVerdicts.addAll(vs);
            Set<String> ps = new LinkedHashSet<>();
            vs.forEach(v -> ps.add(v.platform()));
            double failure = vs.stream().mapToDouble(PlatformVerdict::failureRate).average().orElse(0);
            Double ratio = vs.stream().map(PlatformVerdict::latencyRatio).filter(java.util.Objects::nonNull)
                    .max(Double::compare).orElse(null);
            PlatformVerdict control = s.control().orElse(null);
            networks.add(ctx.evidence(s, Platforms.sorted(ps), failure, control == null ? null : control.failureRate(), ratio,
                    vs.stream().mapToInt(PlatformVerdict::probes).max().orElse(0),
                    vs.stream().mapToLong(PlatformVerdict::measurements).sum()));
            confidenceSum += ctx.share(s) * vs.stream().mapToDouble(PlatformVerdict::confidence).average().orElse(0);
            vs.stream().flatMap(v -> v.sampleMeasurementIds().stream()).limit(SAMPLES_PER_NETWORK).forEach(samples::add);
        }
        List<NetworkStatus> nets = List.copyOf(affected.values());
        double share = ctx.share(nets);
        return new Candidate(slot, classification, ctx.scope(nets), ctx.regions(nets), Platforms.sorted(platforms), networks,
                Techniques.fromVerdicts(allVerdicts), round(share / Math.max(1e-9, ctx.totalShare())),
                round(share == 0 ? 0 : confidenceSum / share), samples.stream().distinct().limit(10).toList(), false, windowEnd, onset);
    }

    /** Start of the first of the consecutive abnormal windows behind a verdict. */
    private long onset(NetworkStatus s, PlatformVerdict v) {
        return s.windowStart() - Math.max(0, v.abnormalWindows() - 1) * t.windowMs();
    }

    /** Reference data and shares for one assessment. */
    private final class Context {
        final Map<Long, NetworkInfo> info;
        final Map<Long, Double> shares;
        final List<NetworkStatus> observed;

        Context(Map<Long, NetworkInfo> info, Map<Long, Double> shares, List<NetworkStatus> observed) {
            this.info = info;
            this.shares = shares;
            this.observed = observed;
        }

        double share(NetworkStatus s) {
            return shares.getOrDefault(s.asn(), 0.0);
        }

        double share(List<NetworkStatus> list) {
            return list.stream().mapToDouble(this::share).sum();
        }

        double totalShare() {
            return shares.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        String type(NetworkStatus s) {
            NetworkInfo n = info.get(s.asn());
            if (n != null && n.getNetworkType() != null && !n.getNetworkType().name().equals("UNKNOWN")) {
                return n.getNetworkType().name();
            }
            return s.networkType() == null ? "UNKNOWN" : s.networkType();
        }

        List<String> referenceRegions(NetworkStatus s) {
            NetworkInfo n = info.get(s.asn());
            return n == null || n.getRegions() == null ? List.of() : n.getRegions();
        }

        Scope scope(List<NetworkStatus> affected) {
            if (affected.size() == 1) {
                return Scope.SINGLE_NETWORK;
            }
            Set<Long> affectedAsns = new java.util.HashSet<>();
            affected.forEach(s -> affectedAsns.add(s.asn()));
            Set<String> affectedTypes = new TreeSet<>();
            affected.forEach(s -> affectedTypes.add(type(s)));
            boolean typeSpared = observed.stream()
                    .filter(s -> !affectedAsns.contains(s.asn()))
                    .map(this::type)
                    .anyMatch(type -> !type.equals("UNKNOWN") && !affectedTypes.contains(type));
            double observedShare = share(observed);
            if (!typeSpared && observedShare > 0 && share(affected) / observedShare >= t.nationwideUserShare()) {
                return Scope.NATIONWIDE;
            }
            if (affected.stream().allMatch(s -> !referenceRegions(s).isEmpty())) {
                return Scope.REGIONAL;
            }
            return Scope.MULTI_NETWORK;
        }

        List<String> regions(List<NetworkStatus> affected) {
            if (scope(affected) != Scope.REGIONAL) {
                return List.of();
            }
            TreeSet<String> regions = new TreeSet<>();
            affected.forEach(s -> regions.addAll(referenceRegions(s)));
            return List.copyOf(regions);
        }

        AffectedNetworkEvidence evidence(NetworkStatus s, List<String> platforms, double failureRate, Double controlFailureRate,
                Double latencyRatio, int probes, long measurements) {
            NetworkInfo n = info.get(s.asn());
            String name = n == null ? "AS" + s.asn() : n.getName();
            return new AffectedNetworkEvidence(s.asn(), name, type(s), round(share(s) / Math.max(1e-9, totalShare())), platforms,
                    round(failureRate), controlFailureRate, latencyRatio, probes, measurements, s.silent(), referenceRegions(s));
        }
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
