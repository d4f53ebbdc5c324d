package org.vantage.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.vantage.probe.simulate.MeasurementSynthesizer;
import org.vantage.probe.simulate.Scenario;
import org.vantage.probe.simulate.SimulatedProbe;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkType;

/**
 * The measurements of one injected disruption for the latency run, on a network of its own in a country of
 * its own (so every repetition opens a new incident and the country stage need not wait for other networks).
 *
 * <p>Before the injections, each network gets a healthy warm-up ({@link #warmup}) so its country is known to the
 * detection, as in steady operation: the country stage waits {@code countryWaitTimeout} (20 s) after it first
 * sees a country before assessing it, which would otherwise be measured instead of the pipeline.
 *
 * <p>What "completes the evidence" means here, from the detection's rules: a platform counts as disrupted on a
 * network after {@code sustainWindows} (2) consecutive failing event-time windows (1 min) seen by at least
 * {@code minProbes} (3) distinct probes, with the control targets healthy; a window is judged, once, when the
 * network's own event-time watermark passes its end + {@code grace} (1 min). So the evidence is two complete
 * failing windows W1, W2 (5 probes, twitter reset after the ClientHello, control fine), produced first and
 * flushed, and the measurement that completes it is the next one of that network with event time &ge;
 * end(W2) + grace: a healthy control measurement stamped "now". Its production is when the latency clock
 * starts; before it nothing could have detected W2. (The grace itself is detection latency the clock does not see:
 * it is the time a live network's clock takes to pass end(W2) + grace.)
 */
final class DisruptionInjection {
    static final List<String> COUNTRIES = List.of(
            "CL", "AR", "PE", "CO", "VE", "ZA", "GH", "SN", "TZ", "UG", "MA", "DZ", "TN", "SA", "AE", "JO", "IQ", "KZ",
            "UZ", "AZ", "GE", "AM", "BY", "PL", "RO", "HU", "CZ", "SE", "NO", "FI");
    static final int PROBES = 5;
    static final String PLATFORM = "twitter";

    private final Scenario scenario;

    private final MeasurementSynthesizer synth;
    private final MeasurementSynthesizer healthy;
    private final Random rnd = new Random(11);

    DisruptionInjection() {
        List<Scenario.Network> nets = new ArrayList<>();
        for (int i = 0; i < COUNTRIES.size(); i++) {
            nets.add(new Scenario.Network(
                    COUNTRIES.get(i),
                    asn(i),
                    "latency-" + COUNTRIES.get(i),
                    NetworkType.MOBILE,
                    null,
                    PROBES,
                    List.of()));
        }
        Scenario.Disruption d = new Scenario.Disruption(
                "latency-twitter",
                Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z"),
                Scenario.Technique.TLS_SNI_RESET,
                Set.of("twitter"),
                Set.copyOf(COUNTRIES),
                Set.of(),
                Set.of(),
                Set.of(),
                1.0);
        Scenario.Baseline healthyBaseline = new Scenario.Baseline(
                0.0, BenchFleet.baseline().rttMs(), 0.3, BenchFleet.baseline().throughputBps(), 0, 0);
        this.scenario = new Scenario(
                "latency",
                "latency injections",
                Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z"),
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                11,
                BenchFleet.platforms(),
                healthyBaseline,
                nets,
                List.of(d));
        this.synth = new MeasurementSynthesizer(scenario);
        this.healthy = new MeasurementSynthesizer(new Scenario(
                "latency-warmup",
                "healthy",
                scenario.start(),
                scenario.end(),
                scenario.interval(),
                scenario.heartbeatInterval(),
                12,
                scenario.platforms(),
                healthyBaseline,
                nets,
                List.of()));
    }

    static long asn(int i) {
        return 64_600L + i;
    }

    /** End of W2: the latest window end at least {@code grace} + 1 s before {@code now}. */
    static long secondWindowEnd(long nowMs, long windowMs, long graceMs) {
        long latest = nowMs - graceMs - 1000;
        return latest - Math.floorMod(latest, windowMs);
    }

    private SimulatedProbe probe(int rep, int n) {
        String cc = COUNTRIES.get(rep);
        return new SimulatedProbe(
                String.format("lat-%s-%d", cc.toLowerCase(), n),
                cc,
                asn(rep),
                "latency-" + cc,
                null,
                NetworkType.MOBILE,
                SimulatedProbe.Behaviour.NORMAL,
                0);
    }

    /** The two failing windows of repetition {@code rep}, in event-time order. */
    List<Measurement> evidence(int rep, long w2End, long windowMs) {
        List<Measurement> out = new ArrayList<>();
        for (long ws = w2End - 2 * windowMs; ws < w2End; ws += windowMs) {
            for (int round = 0; round < 2; round++) {
                for (int n = 0; n < PROBES; n++) {
                    long t = ws + 5_000 + round * 20_000 + n * 1_000;
                    SimulatedProbe p = probe(rep, n);
                    for (Map.Entry<String, List<String>> e :
                            scenario.platforms().entrySet()) {
                        if (e.getKey().equals("twitter") || e.getKey().equals("control")) {
                            for (String host : e.getValue()) {
                                out.add(synth.measure(p, e.getKey(), host, Instant.ofEpochMilli(t), rnd));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * How long a warm-up lasts: long enough for the network's watermark to pass its first window's end + grace, so that
     * the window is judged and reported (a window, the grace, and 12 s for the 6 s between measurements).
     */
    static long warmupSpan(long windowMs, long graceMs) {
        return windowMs + graceMs + 12_000;
    }

    /**
     * Healthy measurements of repetition {@code rep}'s network from {@code startMs} for {@code spanMs} (5 probes, twitter
     * and control every 6 s): makes the country and network known to the detection before the injection, as they
     * would be in steady operation (the country stage waits {@code countryWaitTimeout} after it first sees a
     * country), and advances the network's watermark past the first window's end + grace so it is judged and reported.
     */
    List<Measurement> warmup(int rep, long startMs, long spanMs) {
        List<Measurement> out = new ArrayList<>();
        for (long t = startMs; t < startMs + spanMs; t += 6_000) {
            for (int n = 0; n < PROBES; n++) {
                SimulatedProbe p = probe(rep, n);
                out.add(healthy.measure(p, "twitter", "x.com", Instant.ofEpochMilli(t + n * 100L), rnd));
                out.add(healthy.measure(
                        p, "control", "www.wikipedia.org", Instant.ofEpochMilli(t + n * 100L + 50), rnd));
            }
        }
        return out;
    }

    /**
     * Event time at which the warm-up starts for an injection at or after {@code earliestInjectionMs}: early
     * enough that the warm-up's last event precedes the first failing window W1 of that injection.
     */
    static long warmupStart(long earliestInjectionMs, long windowMs, long graceMs) {
        long w1Start = secondWindowEnd(earliestInjectionMs, windowMs, graceMs) - 2 * windowMs;
        return w1Start - warmupSpan(windowMs, graceMs) - windowMs;
    }

    /** A healthy control measurement of repetition {@code rep} at {@code atMs}: the one that completes the evidence. */
    Measurement completing(int rep, long atMs) {
        return synth.measure(probe(rep, 0), "control", "www.wikipedia.org", Instant.ofEpochMilli(atMs), rnd);
    }
}
