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
import org.vantage.detect.config.NationalSettings;
import org.vantage.detect.model.AffectedNetworkEvidence;
import org.vantage.detect.model.AffectedRegion;
import org.vantage.detect.model.Candidate;
import org.vantage.detect.model.CountryPlatformVerdict;
import org.vantage.detect.model.NetworkShares;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.model.Platforms;
import org.vantage.detect.model.RegionStatus;
import org.vantage.detect.model.RegionStreak;
import org.vantage.detect.model.Slot;
import org.vantage.detect.model.TechniqueFinding;
import org.vantage.detect.model.VerdictState;
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
 *
 * <p>Regions inside networks ({@link RegionalEvidence}): where no network is down (or restricted) as a whole,
 * regions that fail inside networks give a REGIONAL candidate naming the regions and the networks affected in
 * each; where some network is, the networks affected only in regions join its candidate (scope SINGLE_NETWORK
 * becomes MULTI_NETWORK; NATIONWIDE stays).
 */
public final class NationalAssessment {
    /** Sample measurement ids taken from each affected network, so the samples cover several networks. */
    static final int SAMPLES_PER_NETWORK = 2;

    /**
     * Result: candidates by slot, one verdict per platform for the global stage, and per slot the networks seen
     * recovered in this window (observed, nothing elevated): only those may leave an open incident, so a network
     * whose failures waver below the threshold, or that is not observed for a while, stays a member.
     */
    public record Result(
            Map<Slot, Candidate> candidates,
            List<CountryPlatformVerdict> platformVerdicts,
            Map<Slot, Set<Long>> recovered) {

        public Set<Long> recovered(Slot slot) {
            return recovered.getOrDefault(slot, Set.of());
        }
    }

    private final NationalSettings settings;
    private final RegionalEvidence regional;
    private final RegionPopulation population;

    public NationalAssessment(NationalSettings settings) {
        this.settings = settings;
        this.regional = new RegionalEvidence(settings);
        this.population = RegionPopulation.bundled();
    }

    /** An assessment on its own (pooled regional streaks start afresh). */
    public Result assess(
            String country,
            long windowEnd,
            List<NetworkStatus> statuses,
            List<NetworkInfo> reference,
            Set<String> globalPlatforms) {
        return assess(country, windowEnd, statuses, reference, globalPlatforms, new HashMap<>());
    }

    /**
     * @param regionStreaks the country's pooled regional streaks, updated by this assessment (see {@link RegionalEvidence})
     */
    public Result assess(
            String country,
            long windowEnd,
            List<NetworkStatus> statuses,
            List<NetworkInfo> reference,
            Set<String> globalPlatforms,
            Map<String, RegionStreak> regionStreaks) {
        Map<Long, NetworkInfo> infoByAsn = new HashMap<>();
        reference.forEach(n -> infoByAsn.put(n.getAsn(), n));
        List<NetworkStatus> observed = statuses.stream()
                .filter(s ->
                        s.silent() || s.platforms().stream().anyMatch(v -> v.state() != VerdictState.INSUFFICIENT_DATA))
                .sorted(Comparator.comparingLong(NetworkStatus::asn))
                .toList();
        Map<Long, Double> shares = NetworkShares.of(
                reference, observed.stream().map(NetworkStatus::asn).toList());
        Context ctx = new Context(country, infoByAsn, shares, observed);

        Map<Slot, Candidate> candidates = new java.util.EnumMap<>(Slot.class);
        List<NetworkStatus> down =
                observed.stream().filter(NetworkStatus::networkDown).toList();
        Set<Long> downAsns = new java.util.HashSet<>();
        down.forEach(s -> downAsns.add(s.asn()));
        Map<Long, NetworkStatus> byAsn = new HashMap<>();
        statuses.forEach(s -> byAsn.put(s.asn(), s));
        List<RegionalEvidence.Finding> findings =
                regional.assess(windowEnd, statuses, ctx::type, regionStreaks).stream()
                        .map(f -> withoutNetworks(f, downAsns))
                        .filter(f -> !f.affected().isEmpty())
                        .toList();
        List<RegionalEvidence.Finding> regionalOutages =
                findings.stream().filter(RegionalEvidence.Finding::outage).toList();
        if (!down.isEmpty()) {
            Candidate c = networkOutage(ctx, down, windowEnd);
            candidates.put(
                    Slot.NETWORK,
                    regionalOutages.isEmpty()
                            ? c
                            : joined(
                                    ctx,
                                    c,
                                    regional(
                                            ctx,
                                            Slot.NETWORK,
                                            Classification.NETWORK_OUTAGE,
                                            regionalOutages,
                                            byAsn,
                                            windowEnd)));
        } else if (!regionalOutages.isEmpty()) {
            candidates.put(
                    Slot.NETWORK,
                    regional(ctx, Slot.NETWORK, Classification.NETWORK_OUTAGE, regionalOutages, byAsn, windowEnd));
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
                if (v.state() != VerdictState.INSUFFICIENT_DATA && v.failureRate() >= settings.disruptedFailureRate()) {
                    failingNow
                            .computeIfAbsent(v.platform(), p -> new ArrayList<>())
                            .add(s);
                }
                if (v.state() == VerdictState.DISRUPTED) {
                    disrupted
                            .computeIfAbsent(v.platform(), p -> new ArrayList<>())
                            .add(s);
                } else if (v.state() == VerdictState.THROTTLED) {
                    throttled
                            .computeIfAbsent(v.platform(), p -> new ArrayList<>())
                            .add(s);
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
            candidates.put(
                    Slot.GLOBAL,
                    platformCandidate(
                            ctx,
                            Slot.GLOBAL,
                            Classification.GLOBAL_PLATFORM_OUTAGE,
                            global,
                            disrupted,
                            Map.of(),
                            windowEnd));
        }
        // a platform the network's own verdict already finds failing on the whole network is not regional there
        List<RegionalEvidence.Finding> regionalPlatforms = findings.stream()
                .filter(f -> !f.outage() && !globalPlatforms.contains(f.platform()))
                .map(f -> withoutNetworks(f, wholeNetworkFailing(f.platform(), disrupted, throttled)))
                .filter(f -> !f.affected().isEmpty())
                .toList();
        if (!national.isEmpty() || !throttledOnly.isEmpty()) {
            Classification c = national.isEmpty() ? Classification.THROTTLING : Classification.PLATFORM_RESTRICTION;
            Set<String> platforms = new TreeSet<>(national);
            platforms.addAll(throttledOnly);
            Candidate whole = platformCandidate(ctx, Slot.PLATFORM, c, platforms, disrupted, throttled, windowEnd);
            candidates.put(
                    Slot.PLATFORM,
                    regionalPlatforms.isEmpty()
                            ? whole
                            : joined(
                                    ctx,
                                    whole,
                                    regional(
                                            ctx,
                                            Slot.PLATFORM,
                                            Classification.PLATFORM_RESTRICTION,
                                            regionalPlatforms,
                                            byAsn,
                                            windowEnd)));
        } else if (!regionalPlatforms.isEmpty()) {
            candidates.put(
                    Slot.PLATFORM,
                    regional(
                            ctx,
                            Slot.PLATFORM,
                            Classification.PLATFORM_RESTRICTION,
                            regionalPlatforms,
                            byAsn,
                            windowEnd));
        }
        return new Result(candidates, platformVerdicts, recovered(observed));
    }

    /** Per slot, the networks observed in this window with nothing elevated: for a restriction, no platform degraded,
     * disrupted or throttled; for an outage, control fine and not silent. */
    private static Map<Slot, Set<Long>> recovered(List<NetworkStatus> observed) {
        Set<Long> platformsFine = new TreeSet<>();
        Set<Long> networkFine = new TreeSet<>();
        for (NetworkStatus s : observed) {
            if (s.silent()) {
                continue;
            }
            boolean controlFine =
                    s.control().map(v -> v.state() == VerdictState.OK).orElse(false);
            if (controlFine) {
                networkFine.add(s.asn());
            }
            boolean elevated = s.platforms().stream()
                    .filter(v -> !v.platform().equals(DetectionThresholds.CONTROL))
                    .anyMatch(v -> v.state() == VerdictState.DEGRADED
                            || v.state() == VerdictState.DISRUPTED
                            || v.state() == VerdictState.THROTTLED);
            boolean judged = s.platforms().stream()
                    .anyMatch(v -> !v.platform().equals(DetectionThresholds.CONTROL)
                            && v.state() != VerdictState.INSUFFICIENT_DATA);
            if (judged && !elevated) {
                platformsFine.add(s.asn());
            }
        }
        return Map.of(Slot.PLATFORM, platformsFine, Slot.NETWORK, networkFine);
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
                        .mapToLong(Map.Entry::getValue)
                        .sum();
                confidenceSum += ctx.share(s) * control.confidence();
                control.sampleMeasurementIds().stream()
                        .limit(SAMPLES_PER_NETWORK)
                        .forEach(samples::add);
                evidenceTime = Math.max(evidenceTime, s.windowEnd());
                onset = Math.min(onset, onset(s, control));
            }
            networks.add(ctx.evidence(
                            s,
                            List.of(),
                            s.silent() ? 1.0 : control.failureRate(),
                            control == null ? null : control.failureRate(),
                            null,
                            control == null ? s.activeProbes() : control.probes(),
                            control == null ? 0 : control.measurements())
                    .withVerifiedProbes(control == null ? null : control.verifiedProbes()));
        }
        List<TechniqueFinding> techniques = new ArrayList<>();
        if (controlFailures > 0) {
            techniques.add(new TechniqueFinding(
                    Technique.CONNECTIVITY_LOSS,
                    round((double) (down.size() - silentNetworks) / down.size()),
                    controlFailures,
                    List.of(),
                    "control targets fail on the same network at the same time"));
        }
        if (silentNetworks > 0) {
            techniques.add(new TechniqueFinding(
                    Technique.PROBE_SILENCE,
                    round((double) silentNetworks / down.size()),
                    0,
                    List.of(),
                    "heartbeats and measurements stopped from " + silentNetworks + " network(s)"));
        }
        techniques.sort((a, b) -> Double.compare(b.share(), a.share()));
        double share = ctx.share(down);
        return new Candidate(
                Slot.NETWORK,
                Classification.NETWORK_OUTAGE,
                ctx.scope(down),
                ctx.regions(down),
                List.of(),
                networks,
                techniques,
                round(share / Math.max(1e-9, ctx.totalShare())),
                round(share == 0 ? 0 : confidenceSum / share),
                samples.stream().limit(10).toList(),
                allSilent,
                evidenceTime == 0 ? windowEnd : evidenceTime,
                onset == Long.MAX_VALUE ? windowEnd - settings.windowMs() : onset);
    }

    private Candidate platformCandidate(
            Context ctx,
            Slot slot,
            Classification classification,
            Set<String> platforms,
            Map<String, List<NetworkStatus>> disrupted,
            Map<String, List<NetworkStatus>> throttled,
            long windowEnd) {
        Map<Long, NetworkStatus> affected = new java.util.TreeMap<>();
        Map<Long, List<PlatformVerdict>> verdictsByAsn = new HashMap<>();
        for (String p : platforms) {
            for (Map<String, List<NetworkStatus>> m : List.of(disrupted, throttled)) {
                for (NetworkStatus s : m.getOrDefault(p, List.of())) {
                    affected.put(s.asn(), s);
                    verdictsByAsn
                            .computeIfAbsent(s.asn(), a -> new ArrayList<>())
                            .add(s.platform(p).orElseThrow());
                }
            }
        }
        List<AffectedNetworkEvidence> networks = new ArrayList<>();
        List<PlatformVerdict> allVerdicts = new ArrayList<>();
        List<String> samples = new ArrayList<>();
        double confidenceSum = 0;
        long onset = windowEnd - settings.windowMs();
        for (NetworkStatus s : affected.values()) {
            List<PlatformVerdict> vs = verdictsByAsn.get(s.asn());
            for (PlatformVerdict v : vs) {
                onset = Math.min(onset, onset(s, v));
            }
            allVerdicts.addAll(vs);
            Set<String> ps = new LinkedHashSet<>();
            vs.forEach(v -> ps.add(v.platform()));
            double failure = vs.stream()
                    .mapToDouble(PlatformVerdict::failureRate)
                    .average()
                    .orElse(0);
            Double ratio = vs.stream()
                    .map(PlatformVerdict::latencyRatio)
                    .filter(java.util.Objects::nonNull)
                    .max(Double::compare)
                    .orElse(null);
            PlatformVerdict control = s.control().orElse(null);
            networks.add(ctx.evidence(
                            s,
                            Platforms.sorted(ps),
                            failure,
                            control == null ? null : control.failureRate(),
                            ratio,
                            vs.stream().mapToInt(PlatformVerdict::probes).max().orElse(0),
                            vs.stream().mapToLong(PlatformVerdict::measurements).sum())
                    .withVerifiedProbes(vs.stream()
                            .map(PlatformVerdict::verifiedProbes)
                            .filter(java.util.Objects::nonNull)
                            .max(Integer::compare)
                            .orElse(null)));
            confidenceSum += ctx.share(s)
                    * vs.stream()
                            .mapToDouble(PlatformVerdict::confidence)
                            .average()
                            .orElse(0);
            vs.stream()
                    .flatMap(v -> v.sampleMeasurementIds().stream())
                    .limit(SAMPLES_PER_NETWORK)
                    .forEach(samples::add);
        }
        List<NetworkStatus> nets = List.copyOf(affected.values());

        double share = ctx.share(nets);
        return new Candidate(
                slot,
                classification,
                ctx.scope(nets),
                ctx.regions(nets),
                Platforms.sorted(platforms),
                networks,
                Techniques.fromVerdicts(allVerdicts),
                round(share / Math.max(1e-9, ctx.totalShare())),
                round(share == 0 ? 0 : confidenceSum / share),
                samples.stream().distinct().limit(10).toList(),
                false,
                windowEnd,
                onset);
    }

    private static Set<Long> wholeNetworkFailing(
            String platform, Map<String, List<NetworkStatus>> disrupted, Map<String, List<NetworkStatus>> throttled) {
        Set<Long> asns = new java.util.HashSet<>();
        disrupted.getOrDefault(platform, List.of()).forEach(s -> asns.add(s.asn()));
        throttled.getOrDefault(platform, List.of()).forEach(s -> asns.add(s.asn()));
        return asns;
    }

    /** The finding without the given networks (down as a whole: their regions are part of that). */
    private static RegionalEvidence.Finding withoutNetworks(RegionalEvidence.Finding f, Set<Long> asns) {
        if (f.affected().stream().noneMatch(m -> asns.contains(m.asn()))) {
            return f;
        }
        return new RegionalEvidence.Finding(
                f.region(),
                f.networkType(),
                f.platform(),
                f.silent(),
                f.affected().stream().filter(m -> !asns.contains(m.asn())).toList(),
                f.probes(),
                f.failingProbes(),
                f.failureRate(),
                f.onset());
    }

    /**
     * A candidate for failures confined to regions of networks: scope REGIONAL, the regions named, per region the
     * networks affected, and per network the regions it is affected in. The affected user share counts, of each
     * network's users, the share of the country's population living in its affected regions (census reference
     * data); for a region without a figure, the share of the network's probes that are in it stands in.
     */
    private Candidate regional(
            Context ctx,
            Slot slot,
            Classification classification,
            List<RegionalEvidence.Finding> findings,
            Map<Long, NetworkStatus> byAsn,
            long windowEnd) {
        Map<Long, TreeSet<String>> regionsByAsn = new java.util.TreeMap<>();
        Map<Long, TreeSet<String>> platformsByAsn = new HashMap<>();
        Map<Long, int[]> probesByAsn = new HashMap<>();
        Map<Long, long[]> measurementsByAsn = new HashMap<>();
        Map<Long, double[]> rateByAsn = new HashMap<>();
        Map<Long, Boolean> silentByAsn = new HashMap<>();
        Map<String, List<RegionalEvidence.Finding>> byRegion = new java.util.TreeMap<>();
        Set<String> platforms = new TreeSet<>();
        double confidenceSum = 0;
        long onset = Long.MAX_VALUE;
        long evidenceTime = 0;
        boolean allSilent = true;
        for (RegionalEvidence.Finding f : findings) {
            byRegion.computeIfAbsent(f.region(), r -> new ArrayList<>()).add(f);
            if (!f.outage()) {
                platforms.add(f.platform());
            }
            onset = Math.min(onset, f.onset());
            allSilent &= f.silent();
            double probeFactor = Math.min(1.0, f.probes() / (2.0 * settings.minProbes()));
            double threshold = f.outage() ? settings.controlOutageRate() : settings.disruptedFailureRate();
            double margin =
                    threshold >= 1 ? 1 : Math.max(0, Math.min(1, (f.failureRate() - threshold) / (1 - threshold)));
            confidenceSum += probeFactor * (f.silent() ? 0.8 : 0.6 + 0.4 * margin);
            for (RegionalEvidence.Member m : f.affected()) {
                regionsByAsn.computeIfAbsent(m.asn(), a -> new TreeSet<>()).add(f.region());
                if (!f.outage()) {
                    platformsByAsn
                            .computeIfAbsent(m.asn(), a -> new TreeSet<>())
                            .add(f.platform());
                }
                probesByAsn.computeIfAbsent(m.asn(), a -> new int[1])[0] += m.probes();
                measurementsByAsn.computeIfAbsent(m.asn(), a -> new long[1])[0] += m.measurements();
                double[] rate = rateByAsn.computeIfAbsent(m.asn(), a -> new double[1]);
                rate[0] = Math.max(rate[0], m.failureRate());
                silentByAsn.merge(m.asn(), m.silent(), Boolean::logicalAnd);
                evidenceTime = Math.max(evidenceTime, m.silent() ? m.lastHeardAt() : windowEnd);
            }
        }
        List<AffectedNetworkEvidence> networks = new ArrayList<>();
        List<PlatformVerdict> wholeVerdicts = new ArrayList<>();
        List<String> samples = new ArrayList<>();
        double share = 0;
        long failedControl = 0;
        for (Map.Entry<Long, TreeSet<String>> e : regionsByAsn.entrySet()) {
            NetworkStatus s = byAsn.get(e.getKey());
            List<String> ps = Platforms.sorted(platformsByAsn.getOrDefault(e.getKey(), new TreeSet<>()));
            double rate = rateByAsn.get(e.getKey())[0];
            boolean silent = silentByAsn.getOrDefault(e.getKey(), false);
            networks.add(ctx.evidence(
                    s,
                    ps,
                    rate,
                    classification == Classification.NETWORK_OUTAGE
                            ? Double.valueOf(rate)
                            : s.control().map(PlatformVerdict::failureRate).orElse(null),
                    null,
                    probesByAsn.get(e.getKey())[0],
                    measurementsByAsn.get(e.getKey())[0],
                    silent,
                    List.copyOf(e.getValue())));
            share += ctx.share(s) * regionFraction(ctx.country, s, e.getValue());
            // the network-wide verdicts of the failing platforms carry the outcomes and samples: the region's probes
            // are most of that network's failures while the rest of it works
            for (String p :
                    classification == Classification.NETWORK_OUTAGE ? List.of(DetectionThresholds.CONTROL) : ps) {
                s.platform(p).ifPresent(v -> {
                    wholeVerdicts.add(v);
                    v.sampleMeasurementIds().stream().limit(SAMPLES_PER_NETWORK).forEach(samples::add);
                });
            }
            if (classification == Classification.NETWORK_OUTAGE && !silent) {
                failedControl += Math.round(rate * measurementsByAsn.get(e.getKey())[0]);
            }
        }
        List<TechniqueFinding> techniques;
        if (classification == Classification.NETWORK_OUTAGE) {
            techniques = new ArrayList<>();
            long silentFindings =
                    findings.stream().filter(RegionalEvidence.Finding::silent).count();
            if (silentFindings < findings.size()) {
                techniques.add(new TechniqueFinding(
                        Technique.CONNECTIVITY_LOSS,
                        round((double) (findings.size() - silentFindings) / findings.size()),
                        failedControl,
                        List.of(),
                        "control targets fail among the probes of the region(s) at the same time"));
            }
            if (silentFindings > 0) {
                techniques.add(new TechniqueFinding(
                        Technique.PROBE_SILENCE,
                        round((double) silentFindings / findings.size()),
                        0,
                        List.of(),
                        "heartbeats and measurements stopped from the probes of " + silentFindings + " region(s)"));
            }
            techniques.sort((a, b) -> Double.compare(b.share(), a.share()));
        } else {
            techniques = Techniques.fromVerdicts(wholeVerdicts);
        }
        List<AffectedRegion> regions = new ArrayList<>();
        double populationShare = 0;
        boolean populationKnown = true;
        for (Map.Entry<String, List<RegionalEvidence.Finding>> e : byRegion.entrySet()) {
            TreeSet<Long> asns = new TreeSet<>();
            TreeSet<String> types = new TreeSet<>();
            Map<String, int[]> probesByType = new HashMap<>();
            boolean silent = true;
            for (RegionalEvidence.Finding f : e.getValue()) {
                f.affected().forEach(m -> asns.add(m.asn()));
                types.add(f.networkType());
                int[] pf = probesByType.computeIfAbsent(f.networkType(), x -> new int[2]);
                pf[0] = Math.max(pf[0], f.probes());
                pf[1] = Math.max(pf[1], f.failingProbes());
                silent &= f.silent();
            }
            Double pop = population.share(ctx.country, e.getKey());
            if (pop == null) {
                populationKnown = false;
            } else {
                populationShare += pop;
            }
            regions.add(new AffectedRegion(
                    e.getKey(),
                    List.copyOf(asns),
                    List.copyOf(types),
                    pop == null ? null : round(pop),
                    probesByType.values().stream().mapToInt(x -> x[0]).sum(),
                    probesByType.values().stream().mapToInt(x -> x[1]).sum(),
                    silent));
        }
        List<String> regionNames = List.copyOf(byRegion.keySet());
        return new Candidate(
                slot,
                classification,
                Scope.REGIONAL,
                regionNames,
                Platforms.sorted(platforms),
                networks,
                techniques,
                round(share / Math.max(1e-9, ctx.totalShare())),
                round(Math.min(0.99, confidenceSum / findings.size())),
                samples.stream().distinct().limit(10).toList(),
                allSilent,
                evidenceTime == 0 ? windowEnd : evidenceTime,
                onset == Long.MAX_VALUE ? windowEnd - settings.windowMs() : onset,
                List.of(),
                List.copyOf(regions),
                populationKnown ? round(populationShare) : null);
    }

    /**
     * Of a network's users, the part in the given regions: the regions' share of the country's population where the
     * census has it, else the share of the network's probes that are in the region.
     */
    private double regionFraction(String country, NetworkStatus s, Set<String> regions) {
        int allProbes = s.regions().stream().mapToInt(RegionStatus::probes).sum();
        double fraction = 0;
        for (String region : regions) {
            Double pop = population.share(country, region);
            if (pop != null) {
                fraction += pop;
            } else if (allProbes > 0) {
                fraction += (double) s.regions().stream()
                                .filter(r -> r.region().equals(region))
                                .mapToInt(RegionStatus::probes)
                                .sum()
                        / allProbes;
            }
        }
        return Math.min(1.0, fraction);
    }

    /**
     * Whole networks' candidate joined by the networks affected only in regions: one incident. The scope stays
     * NATIONWIDE if it was; otherwise several networks are MULTI_NETWORK.
     */
    private Candidate joined(Context ctx, Candidate whole, Candidate regional) {
        List<AffectedNetworkEvidence> networks = new ArrayList<>(whole.networks());
        Set<Long> present = new java.util.HashSet<>(whole.asns());
        regional.networks().stream().filter(n -> !present.contains(n.asn())).forEach(networks::add);
        Set<String> platforms = new TreeSet<>(whole.platforms());
        platforms.addAll(regional.platforms());
        Scope scope = whole.scope() == Scope.NATIONWIDE ? Scope.NATIONWIDE : Scope.MULTI_NETWORK;
        List<String> samples = new ArrayList<>(whole.sampleMeasurementIds());
        samples.addAll(regional.sampleMeasurementIds());
        return new Candidate(
                whole.slot(),
                whole.classification(),
                scope,
                scope == Scope.REGIONAL ? whole.regions() : List.of(),
                Platforms.sorted(platforms),
                networks,
                whole.techniques(),
                round(Math.min(1.0, whole.affectedUserShare() + regional.affectedUserShare())),
                whole.confidence(),
                samples.stream().distinct().limit(10).toList(),
                whole.immediate(),
                Math.max(whole.evidenceTime(), regional.evidenceTime()),
                Math.min(whole.onsetTime(), regional.onsetTime()),
                List.of(),
                regional.affectedRegions(),
                regional.regionsPopulationShare());
    }

    /** Start of the first of the consecutive abnormal windows behind a verdict. */
    private long onset(NetworkStatus s, PlatformVerdict v) {
        return s.windowStart() - Math.max(0, v.abnormalWindows() - 1) * settings.windowMs();
    }

    /** Reference data and shares for one assessment. */
    private final class Context {
        final String country;
        final Map<Long, NetworkInfo> info;
        final Map<Long, Double> shares;
        final List<NetworkStatus> observed;

        Context(String country, Map<Long, NetworkInfo> info, Map<Long, Double> shares, List<NetworkStatus> observed) {
            this.country = country;
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
            if (n != null
                    && n.getNetworkType() != null
                    && !n.getNetworkType().name().equals("UNKNOWN")) {
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
            if (!typeSpared && observedShare > 0 && share(affected) / observedShare >= settings.nationwideUserShare()) {
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

        AffectedNetworkEvidence evidence(
                NetworkStatus s,
                List<String> platforms,
                double failureRate,
                Double controlFailureRate,
                Double latencyRatio,
                int probes,
                long measurements) {
            return evidence(
                    s,
                    platforms,
                    failureRate,
                    controlFailureRate,
                    latencyRatio,
                    probes,
                    measurements,
                    s.silent(),
                    List.of());
        }

        /** @param regions the regions the network is affected in, when only part of it is; else empty */
        AffectedNetworkEvidence evidence(
                NetworkStatus s,
                List<String> platforms,
                double failureRate,
                Double controlFailureRate,
                Double latencyRatio,
                int probes,
                long measurements,
                boolean silent,
                List<String> regions) {
            NetworkInfo n = info.get(s.asn());
            String name = n == null ? "AS" + s.asn() : n.getName();
            return new AffectedNetworkEvidence(
                    s.asn(),
                    name,
                    type(s),
                    round(share(s) / Math.max(1e-9, totalShare())),
                    platforms,
                    round(failureRate),
                    controlFailureRate == null ? null : round(controlFailureRate),
                    latencyRatio,
                    probes,
                    measurements,
                    silent,
                    regions);
        }
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
