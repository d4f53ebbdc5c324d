package org.vantage.detect.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.NationalSettings;
import org.vantage.detect.config.SparseSettings;

/**
 * Judges a country from a sparse source's votes (OONI: a few per network and platform per hour), where no
 * single network has enough evidence for a verdict of its own.
 *
 * <p>The votes of all the country's networks are pooled over each trailing horizon (by default 10, 30 and
 * 60 minutes). A platform is disrupted in the country when, over some horizon, at least
 * {@code disruptedFailureRate} of its votes failed, they came from at least {@code minFailingReports}
 * distinct test runs, and so many failures would be improbable as the source's ordinary noise: the
 * one-sided binomial probability of at least that many failures at {@code healthyFailureRate} is at most
 * {@code significance} divided by the number of horizons. Platforms failing together are also tested
 * together (a block of four platforms is seen sooner than any one of them alone); a platform joins such a
 * pooled verdict only with two or more failing votes of its own.
 *
 * <p>The verdict is then expressed the way the country stage already understands it: one status per network
 * with a verdict per platform (DISRUPTED where the network's own votes mostly fail for a platform the
 * country test found disrupted), so scope, user shares, techniques, classification and the incident
 * lifecycle are the same for every source. The confidence of a verdict is one minus its probability under
 * the noise.
 *
 * <p>A sparse source never declares a network down: its volunteers cannot upload while their network is
 * offline (their measurements arrive afterwards, if at all), and a user whose own connection fails is its
 * commonest noise. Its reference sites serve as a veto instead: where they fail across the country too, no
 * platform restriction is claimed from this source.
 */
public final class SparseEvidence {
    /** Votes a platform needs of its own to join a verdict found by testing several platforms together. */
    static final int MIN_FAILING_VOTES_TO_JOIN = 2;

    private final NationalSettings settings;
    private final SparseSettings s;

    public SparseEvidence(NationalSettings settings) {
        this.settings = settings;
        this.s = settings.sparse();
    }

    /** A platform found disrupted (or control found failing) in the country, and over which horizon. */
    public record Finding(
            String platform, Duration horizon, int votes, int failing, int failingReports, double probability) {}

    /**
     * @param statuses one synthetic status per network with votes in the longest horizon
     * @param findings platforms (and {@code control}) found failing in the country
     */
    public record Result(List<NetworkStatus> statuses, Map<String, Finding> findings) {}

    /** Judges the country as of {@code windowEnd} from the latest sparse status of each of its networks. */
    public Result assess(long windowEnd, List<NetworkStatus> sparseStatuses) {
        Map<String, Finding> findings = new TreeMap<>();
        List<Duration> horizons = s.horizons().stream().sorted().toList();
        double alpha = s.significance() / horizons.size();
        for (Duration h : horizons) {
            Map<String, Pool> pools = pool(sparseStatuses, windowEnd - h.toMillis(), windowEnd);
            List<String> candidates = new ArrayList<>();
            Pool together = new Pool();
            for (Map.Entry<String, Pool> e : pools.entrySet()) {
                String platform = e.getKey();
                Pool p = e.getValue();
                boolean control = platform.equals(DetectionThresholds.CONTROL);
                double rate = control ? settings.controlOutageRate() : settings.disruptedFailureRate();
                if (p.votes == 0 || (double) p.failing / p.votes < rate) {
                    continue;
                }
                double prob = tail(p.votes, p.failing, s.healthyFailureRate());
                if (p.failingReports.size() >= s.minFailingReports() && prob <= alpha) {
                    findings.putIfAbsent(
                            platform, new Finding(platform, h, p.votes, p.failing, p.failingReports.size(), prob));
                } else if (!control && p.failing >= MIN_FAILING_VOTES_TO_JOIN) {
                    candidates.add(platform);
                    together.add(p);
                }
            }
            if (candidates.size() > 1 && together.failingReports.size() >= s.minFailingReports()) {
                double prob = tail(together.votes, together.failing, s.healthyFailureRate());
                if (prob <= alpha) {
                    for (String platform : candidates) {
                        Pool p = pools.get(platform);
                        findings.putIfAbsent(
                                platform, new Finding(platform, h, p.votes, p.failing, p.failingReports.size(), prob));
                    }
                }
            }
        }
        List<NetworkStatus> statuses = new ArrayList<>();
        long longest = s.longestHorizon().toMillis();
        for (NetworkStatus st : sparseStatuses) {
            NetworkStatus synthetic = networkStatus(st, windowEnd, longest, findings);
            if (synthetic != null) {
                statuses.add(synthetic);
            }
        }
        return new Result(statuses, findings);
    }

    private NetworkStatus networkStatus(NetworkStatus st, long windowEnd, long longest, Map<String, Finding> findings) {
        Map<String, List<SparseTally.Vote>> byPlatform = new TreeMap<>();
        for (SparseTally.Vote v : st.sparse().votes()) {
            if (v.time() >= windowEnd - longest && v.time() < windowEnd) {
                byPlatform.computeIfAbsent(v.platform(), p -> new ArrayList<>()).add(v);
            }
        }
        if (byPlatform.isEmpty()) {
            return null;
        }
        List<PlatformVerdict> verdicts = new ArrayList<>();
        long onset = windowEnd - settings.windowMs();
        boolean controlFailing = findings.containsKey(DetectionThresholds.CONTROL);
        for (Map.Entry<String, List<SparseTally.Vote>> e : byPlatform.entrySet()) {
            String platform = e.getKey();
            Finding f = findings.get(platform);
            long from = windowEnd - (f != null ? f.horizon().toMillis() : longest);
            List<SparseTally.Vote> votes =
                    e.getValue().stream().filter(v -> v.time() >= from).toList();
            if (votes.isEmpty()) {
                continue;
            }
            int failing = (int) votes.stream().filter(SparseTally.Vote::failed).count();
            double share = (double) failing / votes.size();
            VerdictState state;
            boolean control = platform.equals(DetectionThresholds.CONTROL);
            if (f != null && !control && !controlFailing && failing >= 1 && share >= 0.5) {
                state = VerdictState.DISRUPTED;
                onset = Math.min(onset, trailingFailureStart(votes));
            } else if (share >= settings.degradedFailureRate() && failing > 0) {
                state = VerdictState.DEGRADED;
            } else {
                state = VerdictState.OK;
            }
            Map<String, Long> outcomes = new TreeMap<>();
            List<String> samples = new ArrayList<>();
            long measurements = 0;
            for (SparseTally.Vote v : votes) {
                v.outcomes().forEach((k, n) -> outcomes.merge(k, n, Long::sum));
                measurements += v.measurements();
                if (v.failed() == (state == VerdictState.DISRUPTED)) {
                    samples.addAll(v.samples());
                }
            }
            double confidence = f == null ? 0 : Math.min(0.99, 1 - f.probability());
            verdicts.add(new PlatformVerdict(
                    platform,
                    state,
                    round(confidence),
                    state == VerdictState.DISRUPTED ? 1 : 0,
                    round(share),
                    0,
                    votes.size(),
                    failing,
                    measurements,
                    0,
                    outcomes,
                    null,
                    null,
                    null,
                    null,
                    null,
                    samples.stream().distinct().limit(2).toList(),
                    List.of(),
                    List.of()));
        }
        if (verdicts.isEmpty()) {
            return null;
        }
        long start = onset - Math.floorMod(onset, settings.windowMs());
        return new NetworkStatus(
                st.country(),
                st.asn(),
                st.networkType(),
                start,
                windowEnd,
                0,
                false,
                st.sparse().newest(),
                (int) verdicts.stream().mapToInt(PlatformVerdict::probes).max().orElse(0),
                verdicts,
                null);
    }

    /** Start of the newest run of failing votes: when the network's evidence of the disruption begins. */
    private static long trailingFailureStart(List<SparseTally.Vote> votes) {
        List<SparseTally.Vote> sorted = new ArrayList<>(votes);
        sorted.sort((a, b) -> Long.compare(a.time(), b.time()));
        long start = sorted.get(sorted.size() - 1).time();
        for (int i = sorted.size() - 1; i >= 0 && sorted.get(i).failed(); i--) {
            start = sorted.get(i).time();
        }
        return start;
    }

    private static Map<String, Pool> pool(List<NetworkStatus> statuses, long from, long to) {
        Map<String, Pool> pools = new TreeMap<>();
        for (NetworkStatus st : statuses) {
            for (SparseTally.Vote v : st.sparse().votes()) {
                if (v.time() >= from && v.time() < to) {
                    Pool p = pools.computeIfAbsent(v.platform(), x -> new Pool());
                    p.votes++;
                    if (v.failed()) {
                        p.failing++;
                        p.failingReports.add(st.asn() + "/" + v.report());
                    }
                }
            }
        }
        return pools;
    }

    private static final class Pool {
        int votes;
        int failing;
        final Set<String> failingReports = new HashSet<>();

        void add(Pool other) {
            votes += other.votes;
            failing += other.failing;
            failingReports.addAll(other.failingReports);
        }
    }

    /** P(X >= k) for X ~ Binomial(n, p): how probable at least k failures of n are as noise of rate p. */
    static double tail(int n, int k, double p) {
        if (k <= 0) {
            return 1.0;
        }
        if (k > n) {
            return 0.0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double logChoose = 0; // log C(n, k), built up incrementally
        for (int j = 1; j <= k; j++) {
            logChoose += Math.log((double) (n - k + j) / j);
        }
        double sum = 0;
        for (int i = k; i <= n; i++) {
            sum += Math.exp(logChoose + i * logP + (n - i) * logQ);
            logChoose += Math.log((double) (n - i) / (i + 1));
        }
        return Math.min(1.0, sum);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
