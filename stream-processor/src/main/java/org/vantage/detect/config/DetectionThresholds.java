package org.vantage.detect.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every tunable of the detection, in one place, validated together ({@link #problems()}); each stage receives only
 * its part ({@link #validation()}, {@link #window()}, {@link #verdict()}, {@link #national()}, {@link #incident()},
 * {@link #global()}). Defaults are chosen for probes that measure each target about once a minute with 5-10 probes per
 * network; see docs/configuration.md for the environment variables.
 *
 * @param windowSize            event-time window (tumbling) each measurement is counted in
 * @param grace                 how far past a window's end a network's clock goes before the window is judged, once:
 *                              measurements of the window that arrive until then count in it, later ones are late
 *                              evidence; every minute of grace is a minute of detection latency
 * @param maxFutureSkew         event times further ahead of the wall clock than this are rejected (bad clock)
 * @param maxAge                event times older than this (vs the wall clock) are rejected
 * @param minProbes             distinct probes a network needs before a platform can be judged
 * @param maxSamplesPerProbe    measurements per probe and window that enter the outcome counts and sketches
 * @param probeWarmup           event time a probe must have been heard from (heartbeats or measurements) before
 *                              its measurements count: a defence against many fabricated probes appearing at once
 * @param disruptedFailureRate  probe-weighted failure rate from which a platform is disrupted on a network
 * @param degradedFailureRate   probe-weighted failure rate from which it is degraded (reported, no incident)
 * @param controlHealthyMax     control failure rate up to which the control targets count as fine
 * @param controlOutageRate     control failure rate from which the network itself is down
 * @param throttleLatencyRatio  median latency over the baseline median from which a platform is throttled
 * @param baselineMinWindows    healthy windows a baseline needs before slowness is judged (cold start)
 * @param baselineAlpha         weight of a new healthy window in the baseline (exponential moving average)
 * @param sustainWindows        consecutive windows a network must show a platform failing (or slow) before
 *                              the platform counts as disrupted (or throttled) there; fewer is DEGRADED
 * @param openAfterWindows      consecutive country assessments with evidence before an incident opens
 * @param resolveAfterWindows   consecutive windows without evidence before an incident resolves
 * @param nationwideUserShare   share of the observed users on affected networks from which scope is nationwide
 * @param globalMinCountries    countries in which a platform must fail at once to be a global outage
 * @param silenceAfter          wall-clock time without heartbeats or measurements after which a network is silent
 * @param silenceCheckInterval  wall-clock period of the silence and late-evidence checks
 * @param countryWaitTimeout    wall-clock time a country assessment waits for lagging networks
 * @param relatedMinSimilarity  signature similarity from which an earlier incident is listed as related
 * @param platforms             platform names accepted in measurements ({@code control} included)
 * @param sparse                how sparse sources (OONI) are judged
 * @param trust                 which probes are believed: enrollment, signatures, the open fleet
 * @param regionSustainWindows  consecutive windows a region inside networks must show a failure (on one network's
 *                              probes there, or pooled over a network type's) before it counts: longer than a
 *                              network's, as a region's few probes losing their own connections at once is common
 */
public record DetectionThresholds(
        Duration windowSize,
        Duration grace,
        Duration maxFutureSkew,
        Duration maxAge,
        int minProbes,
        int maxSamplesPerProbe,
        Duration probeWarmup,
        double disruptedFailureRate,
        double degradedFailureRate,
        double controlHealthyMax,
        double controlOutageRate,
        double throttleLatencyRatio,
        int baselineMinWindows,
        double baselineAlpha,
        int sustainWindows,
        int openAfterWindows,
        int resolveAfterWindows,
        double nationwideUserShare,
        int globalMinCountries,
        Duration silenceAfter,
        Duration silenceCheckInterval,
        Duration countryWaitTimeout,
        double relatedMinSimilarity,
        Set<String> platforms,
        SparseSettings sparse,
        int regionSustainWindows,
        TrustSettings trust) {

    public static final int DEFAULT_REGION_SUSTAIN_WINDOWS = 3;

    /** Thresholds with the default probe trust. */
    public DetectionThresholds(
            Duration windowSize,
            Duration grace,
            Duration maxFutureSkew,
            Duration maxAge,
            int minProbes,
            int maxSamplesPerProbe,
            Duration probeWarmup,
            double disruptedFailureRate,
            double degradedFailureRate,
            double controlHealthyMax,
            double controlOutageRate,
            double throttleLatencyRatio,
            int baselineMinWindows,
            double baselineAlpha,
            int sustainWindows,
            int openAfterWindows,
            int resolveAfterWindows,
            double nationwideUserShare,
            int globalMinCountries,
            Duration silenceAfter,
            Duration silenceCheckInterval,
            Duration countryWaitTimeout,
            double relatedMinSimilarity,
            Set<String> platforms,
            SparseSettings sparse,
            int regionSustainWindows) {
        this(
                windowSize,
                grace,
                maxFutureSkew,
                maxAge,
                minProbes,
                maxSamplesPerProbe,
                probeWarmup,
                disruptedFailureRate,
                degradedFailureRate,
                controlHealthyMax,
                controlOutageRate,
                throttleLatencyRatio,
                baselineMinWindows,
                baselineAlpha,
                sustainWindows,
                openAfterWindows,
                resolveAfterWindows,
                nationwideUserShare,
                globalMinCountries,
                silenceAfter,
                silenceCheckInterval,
                countryWaitTimeout,
                relatedMinSimilarity,
                platforms,
                sparse,
                regionSustainWindows,
                TrustSettings.defaults());
    }

    /** Thresholds with the default sustain of regions. */
    public DetectionThresholds(
            Duration windowSize,
            Duration grace,
            Duration maxFutureSkew,
            Duration maxAge,
            int minProbes,
            int maxSamplesPerProbe,
            Duration probeWarmup,
            double disruptedFailureRate,
            double degradedFailureRate,
            double controlHealthyMax,
            double controlOutageRate,
            double throttleLatencyRatio,
            int baselineMinWindows,
            double baselineAlpha,
            int sustainWindows,
            int openAfterWindows,
            int resolveAfterWindows,
            double nationwideUserShare,
            int globalMinCountries,
            Duration silenceAfter,
            Duration silenceCheckInterval,
            Duration countryWaitTimeout,
            double relatedMinSimilarity,
            Set<String> platforms,
            SparseSettings sparse) {
        this(
                windowSize,
                grace,
                maxFutureSkew,
                maxAge,
                minProbes,
                maxSamplesPerProbe,
                probeWarmup,
                disruptedFailureRate,
                degradedFailureRate,
                controlHealthyMax,
                controlOutageRate,
                throttleLatencyRatio,
                baselineMinWindows,
                baselineAlpha,
                sustainWindows,
                openAfterWindows,
                resolveAfterWindows,
                nationwideUserShare,
                globalMinCountries,
                silenceAfter,
                silenceCheckInterval,
                countryWaitTimeout,
                relatedMinSimilarity,
                platforms,
                sparse,
                DEFAULT_REGION_SUSTAIN_WINDOWS);
    }

    /** Thresholds with the default handling of sparse sources. */
    public DetectionThresholds(
            Duration windowSize,
            Duration grace,
            Duration maxFutureSkew,
            Duration maxAge,
            int minProbes,
            int maxSamplesPerProbe,
            Duration probeWarmup,
            double disruptedFailureRate,
            double degradedFailureRate,
            double controlHealthyMax,
            double controlOutageRate,
            double throttleLatencyRatio,
            int baselineMinWindows,
            double baselineAlpha,
            int sustainWindows,
            int openAfterWindows,
            int resolveAfterWindows,
            double nationwideUserShare,
            int globalMinCountries,
            Duration silenceAfter,
            Duration silenceCheckInterval,
            Duration countryWaitTimeout,
            double relatedMinSimilarity,
            Set<String> platforms) {
        this(
                windowSize,
                grace,
                maxFutureSkew,
                maxAge,
                minProbes,
                maxSamplesPerProbe,
                probeWarmup,
                disruptedFailureRate,
                degradedFailureRate,
                controlHealthyMax,
                controlOutageRate,
                throttleLatencyRatio,
                baselineMinWindows,
                baselineAlpha,
                sustainWindows,
                openAfterWindows,
                resolveAfterWindows,
                nationwideUserShare,
                globalMinCountries,
                silenceAfter,
                silenceCheckInterval,
                countryWaitTimeout,
                relatedMinSimilarity,
                platforms,
                SparseSettings.defaults());
    }

    public static final String CONTROL = "control";

    public static final Set<String> DEFAULT_PLATFORMS =
            Set.of("twitter", "facebook", "instagram", "youtube", "whatsapp", "tiktok", "telegram", "signal", CONTROL);

    public static DetectionThresholds defaults() {
        return new DetectionThresholds(
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofDays(1),
                3,
                10,
                Duration.ofMinutes(10),
                0.6,
                0.25,
                0.2,
                0.5,
                4.0,
                3,
                0.2,
                2,
                1,
                3,
                0.6,
                3,
                Duration.ofMinutes(3),
                Duration.ofSeconds(15),
                Duration.ofSeconds(20),
                0.5,
                DEFAULT_PLATFORMS);
    }

    /** The same thresholds with another probe warm-up (tests of scenarios whose probes appear just before the event). */
    public DetectionThresholds withProbeWarmup(Duration warmup) {
        return new DetectionThresholds(
                windowSize,
                grace,
                maxFutureSkew,
                maxAge,
                minProbes,
                maxSamplesPerProbe,
                warmup,
                disruptedFailureRate,
                degradedFailureRate,
                controlHealthyMax,
                controlOutageRate,
                throttleLatencyRatio,
                baselineMinWindows,
                baselineAlpha,
                sustainWindows,
                openAfterWindows,
                resolveAfterWindows,
                nationwideUserShare,
                globalMinCountries,
                silenceAfter,
                silenceCheckInterval,
                countryWaitTimeout,
                relatedMinSimilarity,
                platforms,
                sparse,
                regionSustainWindows,
                trust);
    }

    /** The same thresholds with another handling of sparse sources. */
    public DetectionThresholds withSparse(SparseSettings s) {
        return new DetectionThresholds(
                windowSize,
                grace,
                maxFutureSkew,
                maxAge,
                minProbes,
                maxSamplesPerProbe,
                probeWarmup,
                disruptedFailureRate,
                degradedFailureRate,
                controlHealthyMax,
                controlOutageRate,
                throttleLatencyRatio,
                baselineMinWindows,
                baselineAlpha,
                sustainWindows,
                openAfterWindows,
                resolveAfterWindows,
                nationwideUserShare,
                globalMinCountries,
                silenceAfter,
                silenceCheckInterval,
                countryWaitTimeout,
                relatedMinSimilarity,
                platforms,
                s,
                regionSustainWindows,
                trust);
    }

    /** The same thresholds with another probe trust. */
    public DetectionThresholds withTrust(TrustSettings tr) {
        return new DetectionThresholds(
                windowSize,
                grace,
                maxFutureSkew,
                maxAge,
                minProbes,
                maxSamplesPerProbe,
                probeWarmup,
                disruptedFailureRate,
                degradedFailureRate,
                controlHealthyMax,
                controlOutageRate,
                throttleLatencyRatio,
                baselineMinWindows,
                baselineAlpha,
                sustainWindows,
                openAfterWindows,
                resolveAfterWindows,
                nationwideUserShare,
                globalMinCountries,
                silenceAfter,
                silenceCheckInterval,
                countryWaitTimeout,
                relatedMinSimilarity,
                platforms,
                sparse,
                regionSustainWindows,
                tr);
    }

    /** What the validation stage uses. */
    public ValidationSettings validation() {
        return new ValidationSettings(maxFutureSkew, maxAge, platforms, trust);
    }

    /** What the per-network window stage uses. */
    public WindowSettings window() {
        return new WindowSettings(
                windowSize,
                grace,
                maxSamplesPerProbe,
                probeWarmup,
                minProbes,
                silenceAfter,
                silenceCheckInterval,
                sparse.retention(),
                maxAge);
    }

    /** What the per-network verdict uses. */
    public VerdictSettings verdict() {
        return new VerdictSettings(
                minProbes,
                disruptedFailureRate,
                degradedFailureRate,
                controlHealthyMax,
                controlOutageRate,
                throttleLatencyRatio,
                baselineMinWindows,
                baselineAlpha,
                sustainWindows,
                regionSustainWindows,
                trust);
    }

    /** What the country stage uses to assess a country. */
    public NationalSettings national() {
        return new NationalSettings(
                windowSize,
                grace,
                minProbes,
                disruptedFailureRate,
                degradedFailureRate,
                controlHealthyMax,
                controlOutageRate,
                nationwideUserShare,
                regionSustainWindows,
                countryWaitTimeout,
                silenceCheckInterval,
                sparse);
    }

    /** What the incident lifecycle uses. */
    public IncidentSettings incident() {
        return new IncidentSettings(
                windowSize,
                openAfterWindows,
                resolveAfterWindows,
                relatedMinSimilarity,
                sparse.longestHorizon(),
                lateEvidence());
    }

    /** What the revision of incidents by late evidence uses. */
    public LateEvidenceSettings lateEvidence() {
        return new LateEvidenceSettings(
                windowSize,
                maxAge,
                sustainWindows,
                minProbes,
                disruptedFailureRate,
                controlHealthyMax,
                controlOutageRate);
    }

    /** What the global stage uses. */
    public GlobalSettings global() {
        return new GlobalSettings(
                windowSize,
                globalMinCountries,
                openAfterWindows,
                resolveAfterWindows,
                countryWaitTimeout,
                silenceCheckInterval,
                grace);
    }

    public long windowMs() {
        return windowSize.toMillis();
    }

    /** Problems that make this set of thresholds unusable; empty when valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        positive(p, "window size (VANTAGE_WINDOW_SIZE)", windowSize);
        nonNegative(p, "grace (VANTAGE_GRACE)", grace);
        positive(p, "max future skew (VANTAGE_MAX_FUTURE_SKEW)", maxFutureSkew);
        positive(p, "max age (VANTAGE_MAX_AGE)", maxAge);
        positive(p, "silence after (VANTAGE_SILENCE_AFTER)", silenceAfter);
        positive(p, "silence check interval (VANTAGE_SILENCE_CHECK_INTERVAL)", silenceCheckInterval);
        nonNegative(p, "country wait timeout (VANTAGE_COUNTRY_WAIT_TIMEOUT)", countryWaitTimeout);
        if (maxAge != null && grace != null && maxAge.compareTo(grace) < 0) {
            p.add("max age (VANTAGE_MAX_AGE) must be at least the grace period, got " + maxAge);
        }
        if (minProbes < 1) {
            p.add("min probes (VANTAGE_MIN_PROBES) must be >= 1, got " + minProbes);
        }
        nonNegative(p, "probe warm-up (VANTAGE_PROBE_WARMUP)", probeWarmup);
        if (maxSamplesPerProbe < 1) {
            p.add("max samples per probe (VANTAGE_MAX_SAMPLES_PER_PROBE) must be >= 1, got " + maxSamplesPerProbe);
        }
        rate(p, "disrupted failure rate (VANTAGE_DISRUPTED_FAILURE_RATE)", disruptedFailureRate);
        rate(p, "degraded failure rate (VANTAGE_DEGRADED_FAILURE_RATE)", degradedFailureRate);
        rate(p, "control healthy max (VANTAGE_CONTROL_HEALTHY_MAX)", controlHealthyMax);
        rate(p, "control outage rate (VANTAGE_CONTROL_OUTAGE_RATE)", controlOutageRate);
        rate(p, "nationwide user share (VANTAGE_NATIONWIDE_USER_SHARE)", nationwideUserShare);
        rate(p, "related min similarity (VANTAGE_RELATED_MIN_SIMILARITY)", relatedMinSimilarity);
        if (degradedFailureRate > disruptedFailureRate) {
            p.add("degraded failure rate must not exceed the disrupted failure rate");
        }
        if (controlHealthyMax > controlOutageRate) {
            p.add("control healthy max must not exceed the control outage rate");
        }
        if (!(throttleLatencyRatio > 1.0)) {
            p.add("throttle latency ratio (VANTAGE_THROTTLE_LATENCY_RATIO) must be > 1, got " + throttleLatencyRatio);
        }
        if (baselineMinWindows < 1) {
            p.add("baseline min windows (VANTAGE_BASELINE_MIN_WINDOWS) must be >= 1, got " + baselineMinWindows);
        }
        if (!(baselineAlpha > 0 && baselineAlpha <= 1)) {
            p.add("baseline alpha (VANTAGE_BASELINE_ALPHA) must be in (0, 1], got " + baselineAlpha);
        }
        if (sustainWindows < 1) {
            p.add("sustain windows (VANTAGE_SUSTAIN_WINDOWS) must be >= 1, got " + sustainWindows);
        }
        if (regionSustainWindows < 1) {
            p.add("region sustain windows (VANTAGE_REGION_SUSTAIN_WINDOWS) must be >= 1, got " + regionSustainWindows);
        }
        if (openAfterWindows < 1 || resolveAfterWindows < 1) {
            p.add(
                    "open/resolve after windows (VANTAGE_OPEN_AFTER_WINDOWS, VANTAGE_RESOLVE_AFTER_WINDOWS) must be >= 1");
        }
        if (globalMinCountries < 2) {
            p.add("global min countries (VANTAGE_GLOBAL_MIN_COUNTRIES) must be >= 2, got " + globalMinCountries);
        }
        if (platforms == null || !platforms.contains(CONTROL)) {
            p.add("platforms (VANTAGE_PLATFORMS) must include 'control', got " + platforms);
        }
        if (sparse == null) {
            p.add("sparse settings missing");
        } else {
            p.addAll(sparse.problems());
        }
        if (trust == null) {
            p.add("trust settings missing");
        } else {
            p.addAll(trust.problems());
        }
        return p;
    }

    private static void positive(List<String> p, String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            p.add(name + " must be positive, got " + d);
        }
    }

    private static void nonNegative(List<String> p, String name, Duration d) {
        if (d == null || d.isNegative()) {
            p.add(name + " must not be negative, got " + d);
        }
    }

    private static void rate(List<String> p, String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            p.add(name + " must be within 0..1, got " + v);
        }
    }
}
