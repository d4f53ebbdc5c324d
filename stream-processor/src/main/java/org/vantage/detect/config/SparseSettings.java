package org.vantage.detect.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the detector judges sparse sources (OONI): a few measurements per network and platform per hour,
 * far too few for the per-network, per-minute verdicts of own probes. Their evidence is pooled over the
 * whole country and over several trailing horizons, and a platform counts as disrupted when its failures
 * are too many to be the source's ordinary noise (a one-sided binomial test against
 * {@code healthyFailureRate}); see {@code SparseEvidence}.
 *
 * @param horizons           trailing spans of event time the evidence is pooled over; every one is tested
 *                           (a short one reacts fast to a sharp onset, a long one sees a slow trickle), and the
 *                           significance is split between them (Bonferroni)
 * @param retention          how far behind a network's newest sparse measurement older ones are still counted;
 *                           older arrivals are dead-lettered as too late
 * @param minFailingReports  distinct test runs (OONI reports) that must fail before anything is judged, so one
 *                           user's broken connection or VPN never makes an incident
 * @param healthyFailureRate failure share of the source on healthy platforms (its noise: dead sites, captchas,
 *                           VPN users); the null hypothesis of the test
 * @param significance       largest probability, under that noise, of the failures seen, for a platform to count
 *                           as disrupted
 */
public record SparseSettings(
        List<Duration> horizons,
        Duration retention,
        int minFailingReports,
        double healthyFailureRate,
        double significance) {

    public static SparseSettings defaults() {
        return new SparseSettings(
                List.of(Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofMinutes(60)),
                Duration.ofHours(2),
                3,
                0.1,
                0.001);
    }

    /** The longest horizon: how far back the country pools evidence at most. */
    public Duration longestHorizon() {
        return horizons.stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (horizons == null
                || horizons.isEmpty()
                || horizons.stream().anyMatch(d -> d == null || d.isZero() || d.isNegative())) {
            p.add(
                    "sparse horizons (VANTAGE_SPARSE_HORIZONS) must be one or more positive durations, e.g. 10m,30m,1h; got "
                            + horizons);
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            p.add("sparse retention (VANTAGE_SPARSE_RETENTION) must be positive, got " + retention);
        } else if (horizons != null
                && !horizons.isEmpty()
                && horizons.stream().allMatch(java.util.Objects::nonNull)
                && retention.compareTo(longestHorizon()) < 0) {
            p.add("sparse retention (VANTAGE_SPARSE_RETENTION) must be at least the longest sparse horizon ("
                    + longestHorizon() + "), got " + retention);
        }
        if (minFailingReports < 1) {
            p.add("sparse min failing reports (VANTAGE_SPARSE_MIN_FAILING_REPORTS) must be >= 1, got "
                    + minFailingReports);
        }
        if (!(healthyFailureRate > 0 && healthyFailureRate < 1)) {
            p.add("sparse healthy failure rate (VANTAGE_SPARSE_HEALTHY_FAILURE_RATE) must be within (0, 1), got "
                    + healthyFailureRate);
        }
        if (!(significance > 0 && significance < 1)) {
            p.add("sparse significance (VANTAGE_SPARSE_SIGNIFICANCE) must be within (0, 1), got " + significance);
        }
        return p;
    }
}
