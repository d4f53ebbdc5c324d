package org.vantage.detect.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.TrustSettings;
import org.vantage.detect.config.VerdictSettings;
import org.vantage.detect.model.PlatformVerdict;
import org.vantage.detect.model.VerdictState;
import org.vantage.detect.window.ProbeTally;
import org.vantage.detect.window.WindowSummary;

/**
 * Judges every platform measured by one network in one window, comparing each platform with the
 * control targets the same network measured in the same window.
 *
 * <p>Rules (thresholds from {@link VerdictSettings}):
 * <ul>
 *   <li>fewer than {@code minProbes} distinct probes: INSUFFICIENT_DATA;</li>
 *   <li>control targets: DISRUPTED when their probe-weighted failure rate reaches {@code controlOutageRate}
 *       (the network itself fails);</li>
 *   <li>a platform is DISRUPTED when its probe-weighted failure rate reaches {@code disruptedFailureRate}
 *       (and is clearly above its own baseline failure rate) while control is fine (failure rate at most
 *       {@code controlHealthyMax}, or no control data); when control also fails the platform's failures
 *       are the network's, not the platform's, and it is only DEGRADED;</li>
 *   <li>THROTTLED when it mostly works but its median latency is {@code throttleLatencyRatio} times its
 *       baseline (or most probes report THROTTLED transfers) while control latency is near its own
 *       baseline;</li>
 *   <li>DEGRADED from {@code degradedFailureRate}; OK otherwise.</li>
 * </ul>
 * A platform is only DISRUPTED or THROTTLED (and control only DISRUPTED) once the condition held for
 * {@code sustainWindows} consecutive windows of the same network; before that it is DEGRADED. This is
 * the first half of the hysteresis: noise that hits different platforms or networks in successive windows
 * never adds up to a verdict.
 */
final class NetworkVerdict {
    private final VerdictSettings settings;

    public NetworkVerdict(VerdictSettings settings) {
        this.settings = settings;
    }

    /**
     * Verdicts for every platform with a summary; control first.
     *
     * @param priorAbnormal per platform, the consecutive abnormal windows just before this one
     */
    public List<PlatformVerdict> judge(
            Map<String, WindowSummary> byPlatform,
            Map<String, Baseline> baselines,
            Map<String, Integer> priorAbnormal) {
        WindowSummary control = byPlatform.get(DetectionThresholds.CONTROL);
        PlatformVerdict controlVerdict = control == null
                ? null
                : judgeControl(
                        control,
                        baselines.get(DetectionThresholds.CONTROL),
                        priorAbnormal.getOrDefault(DetectionThresholds.CONTROL, 0));
        List<PlatformVerdict> out = new ArrayList<>();
        if (controlVerdict != null) {
            out.add(controlVerdict);
        }
        for (Map.Entry<String, WindowSummary> e : byPlatform.entrySet()) {
            if (!e.getKey().equals(DetectionThresholds.CONTROL)) {
                out.add(judgePlatform(
                        e.getValue(),
                        baselines.get(e.getKey()),
                        controlVerdict,
                        priorAbnormal.getOrDefault(e.getKey(), 0)));
            }
        }
        return out;
    }

    PlatformVerdict judgeControl(WindowSummary s, Baseline baseline, int prior) {
        double rate = failureRate(s);
        Double ratio = ratio(s, baseline);
        if (s.verifiedProbes() < settings.minProbes()) {
            return verdict(s, VerdictState.INSUFFICIENT_DATA, 0, 0, baseline, ratio);
        }
        if (rate >= settings.controlOutageRate()) {
            int windows = prior + 1;
            return windows >= settings.sustainWindows()
                    ? verdict(
                            s,
                            VerdictState.DISRUPTED,
                            confidence(s, rate, settings.controlOutageRate()),
                            windows,
                            baseline,
                            ratio)
                    : verdict(s, VerdictState.DEGRADED, 0.5 * probeFactor(s), windows, baseline, ratio);
        }
        if (rate > settings.controlHealthyMax()) {
            return verdict(s, VerdictState.DEGRADED, 0.5 * probeFactor(s), 0, baseline, ratio);
        }
        return verdict(
                s, VerdictState.OK, confidence(s, 1 - rate, 1 - settings.controlHealthyMax()), 0, baseline, ratio);
    }

    PlatformVerdict judgePlatform(WindowSummary s, Baseline baseline, PlatformVerdict control, int prior) {
        double rate = failureRate(s);
        Double ratio = ratio(s, baseline);
        if (s.verifiedProbes() < settings.minProbes()) {
            return verdict(s, VerdictState.INSUFFICIENT_DATA, 0, 0, baseline, ratio);
        }
        boolean controlFails = control != null
                && control.state() != VerdictState.INSUFFICIENT_DATA
                && control.failureRate() > settings.controlHealthyMax();
        boolean controlSlow = control != null
                && control.latencyRatio() != null
                && control.latencyRatio() >= settings.throttleLatencyRatio() / 2;
        double baselineRate =
                baseline != null && baseline.ready(settings.baselineMinWindows()) ? baseline.failureRate : 0.0;
        double disruptedAt = Math.max(
                settings.disruptedFailureRate(), Math.min(0.95, baselineRate + settings.disruptedFailureRate() / 2));
        boolean failing = rate >= disruptedAt && !controlFails;
        boolean slow = !failing
                && rate < settings.disruptedFailureRate()
                && !controlSlow
                && ((ratio != null && ratio >= settings.throttleLatencyRatio()) || slowRate(s) >= 0.5);
        int windows = failing || slow ? prior + 1 : 0;
        boolean sustained = windows >= settings.sustainWindows();
        if (failing && sustained) {
            double c = confidence(s, rate, disruptedAt) * (control == null ? 0.7 : 1.0);
            return verdict(s, VerdictState.DISRUPTED, c, windows, baseline, ratio);
        }
        if (slow && sustained) {
            double strength =
                    ratio == null ? slowRate(s) : Math.min(1, ratio / (2 * settings.throttleLatencyRatio()) + 0.5);
            return verdict(s, VerdictState.THROTTLED, Math.min(1, strength) * probeFactor(s), windows, baseline, ratio);
        }
        if (failing || slow || rate >= settings.degradedFailureRate()) {
            return verdict(s, VerdictState.DEGRADED, 0.5 * probeFactor(s), windows, baseline, ratio);
        }
        return verdict(
                s, VerdictState.OK, confidence(s, 1 - rate, 1 - settings.degradedFailureRate()), 0, baseline, ratio);
    }

    /**
     * Whether a window may teach the baseline: judged OK, its control OK too, and not markedly slower than
     * the baseline already is (a creeping slowdown must not become normal).
     */
    public boolean healthyForBaseline(PlatformVerdict v, PlatformVerdict control) {
        boolean controlOk = control == null || control.state() == VerdictState.OK || v == control;
        boolean notSlow = v.latencyRatio() == null || v.latencyRatio() < 2.0;
        return v.state() == VerdictState.OK && controlOk && notSlow;
    }

    private Double ratio(WindowSummary s, Baseline baseline) {
        return baseline == null ? null : baseline.latencyRatio(s.latencyMedianMs(), settings.baselineMinWindows());
    }

    private double probeFactor(WindowSummary s) {
        return Math.min(1.0, s.verifiedProbes() / (2.0 * settings.minProbes()));
    }

    /** Confidence grows with the number of probes and with the margin above the threshold. */
    private double confidence(WindowSummary s, double value, double threshold) {
        double margin = threshold >= 1 ? 1 : Math.max(0, Math.min(1, (value - threshold) / (1 - threshold)));
        return probeFactor(s) * (0.6 + 0.4 * margin);
    }

    /**
     * Probe-weighted, unenrolled probes of the open fleet at their reduced, capped weight (see {@link TrustSettings});
     * with trust off every probe is verified and this is the plain probe-weighted rate.
     */
    private double failureRate(WindowSummary s) {
        return s.trustWeightedFailureRate(
                settings.trust().openFleetWeight(), settings.trust().openFleetCap());
    }

    private double slowRate(WindowSummary s) {
        return s.trustWeightedSlowRate(
                settings.trust().openFleetWeight(), settings.trust().openFleetCap());
    }

    private PlatformVerdict verdict(
            WindowSummary s,
            VerdictState state,
            double confidence,
            int abnormalWindows,
            Baseline baseline,
            Double ratio) {
        TreeSet<String> regions = new TreeSet<>();
        for (Map.Entry<String, ProbeTally> e : s.probes.entrySet()) {
            ProbeTally p = e.getValue();
            if (p.region != null && p.failureRate() > 0.5 && !e.getKey().startsWith(WindowSummary.UNVERIFIED_PREFIX)) {
                regions.add(p.region);
            }
        }
        return new PlatformVerdict(
                s.platform,
                state,
                round(confidence),
                abnormalWindows,
                round(failureRate(s)),
                round(slowRate(s)),
                s.distinctProbes(),
                s.failingProbes(),
                s.measurements,
                s.lateMeasurements,
                Map.copyOf(s.outcomes),
                s.latencyMedianMs(),
                s.latencyP90Ms(),
                baseline == null ? null : baseline.latencyMs(),
                ratio == null ? null : round(ratio),
                s.throughputMedianBps(),
                List.copyOf(s.sampleMeasurementIds),
                List.copyOf(s.dnsAnswers),
                List.copyOf(regions),
                settings.trust().checked() ? s.verifiedProbes() : null);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
