package org.vantage.probe.simulate;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.vantage.probe.config.ProbeVersion;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;
import org.vantage.schema.PhaseTimings;

/**
 * Makes the measurement a simulated probe would report for one target at one time: healthy latencies
 * with log-normal noise and occasional random timeouts, the probe's own defects (flaky, faking), and the
 * effect of the disruption in force, shaped like the real engine's results (outcome of the first failing
 * layer, timings of the phases that ran).
 */
public final class MeasurementSynthesizer {

    /** Per-phase timeout the simulated probes report for a timed-out phase (the engine's default order of magnitude). */
    static final int TIMEOUT_MS = 10_000;
    /** Transfer-rate floor below which a transfer counts as THROTTLED (the engine's default, 64 KiB/s). */
    static final double THROTTLE_FLOOR_BPS = 64 * 1024;
    /** Share of throttled measurements that fail hard (timeout) instead of completing slowly. */
    static final double THROTTLING_HARD_FAILURES = 0.03;

    private static final Outcome[] RANDOM_FAILURES = {
        Outcome.DNS_TIMEOUT, Outcome.TCP_TIMEOUT, Outcome.TLS_TIMEOUT, Outcome.HTTP_TIMEOUT
    };

    private final Scenario scenario;

    public MeasurementSynthesizer(Scenario scenario) {
        this.scenario = scenario;
    }

    /** The disruption technique hitting this measurement, or null when none does. */
    Scenario.Technique effect(SimulatedProbe p, String platform, Instant t, Random rnd) {
        for (Scenario.Disruption d : scenario.disruptions()) {
            if (d.activeAt(t)
                    && d.affectsProbe(p)
                    && d.affectsPlatform(platform)
                    && (d.coverage() >= 1.0 || rnd.nextDouble() < d.coverage())) {
                return d.technique();
            }
        }
        return null;
    }

    /** Whether the probe's network is cut off at {@code t}: it then reports nothing at all. */
    boolean silent(SimulatedProbe p, Instant t) {
        for (Scenario.Disruption d : scenario.disruptions()) {
            if (d.technique() == Scenario.Technique.FULL_OUTAGE && d.activeAt(t) && d.affectsProbe(p)) {
                return true;
            }
        }
        return false;
    }

    public Measurement measure(SimulatedProbe p, String platform, String host, Instant t, Random rnd) {
        Timings tm = healthy(p, rnd);
        Outcome outcome = Outcome.OK;
        String detail = null;
        Integer status = 200;
        Scenario.Technique tech = effect(p, platform, t, rnd);
        boolean control = "control".equals(platform);

        if (p.behaviour() == SimulatedProbe.Behaviour.FLAKY) {
            outcome = randomFailure(tm, rnd);
            detail = "simulated: broken vantage point";
            status = null;
        } else if (tech != null) {
            switch (tech) {
                case DNS -> {
                    outcome = Outcome.DNS_NXDOMAIN;
                    tm.stopAfterDns();
                    status = null;
                }
                case TCP_RESET -> {
                    outcome = Outcome.TCP_RESET;
                    tm.stopAfterConnect();
                    status = null;
                }
                case TLS_SNI_RESET -> {
                    outcome = Outcome.TLS_RESET;
                    tm.tls = (int) Math.max(1, tm.connect * (0.8 + 0.4 * rnd.nextDouble()));
                    tm.stopAfterTls();
                    detail = "connection reset after ClientHello";
                    status = null;
                }
                case HTTP_BLOCK_PAGE -> {
                    outcome = Outcome.HTTP_BLOCK_PAGE;
                    tm.bytes = 1_500L + rnd.nextInt(2_000);
                    tm.throughput = null;
                    detail = "simulated block page";
                }
                case THROTTLING -> {
                    double factor = 5 + 5 * rnd.nextDouble();
                    tm.slowDown(factor);
                    if (rnd.nextDouble() < THROTTLING_HARD_FAILURES) {
                        outcome = Outcome.HTTP_TIMEOUT;
                        tm.firstByte = TIMEOUT_MS;
                        tm.bytes = null;
                        tm.throughput = null;
                        status = null;
                    } else if (tm.throughput < THROTTLE_FLOOR_BPS) {
                        outcome = Outcome.THROTTLED;
                        detail = String.format(
                                "transfer %.0f B/s below floor %.0f B/s", tm.throughput, THROTTLE_FLOOR_BPS);
                    }
                }
                case SERVICE_DOWN -> {
                    if (rnd.nextDouble() < 0.7) {
                        outcome = Outcome.HTTP_ERROR_STATUS;
                        status = 503;
                        tm.bytes = 300L;
                        tm.throughput = null;
                    } else {
                        outcome = Outcome.TCP_TIMEOUT;
                        tm.connect = TIMEOUT_MS;
                        tm.stopAfterConnect();
                        status = null;
                    }
                }
                case FULL_OUTAGE -> {
                    outcome = Outcome.TCP_TIMEOUT;
                    tm.connect = TIMEOUT_MS;
                    tm.stopAfterConnect();
                    status = null;
                }
                default -> throw new IllegalStateException("unhandled technique " + tech);
            }
        } else if (p.behaviour() == SimulatedProbe.Behaviour.FAKING && !control) {
            outcome = Outcome.TLS_RESET;
            tm.stopAfterTls();
            detail = "simulated: faked failure";
            status = null;
        } else if (rnd.nextDouble() < scenario.baseline().failureRate()) {
            outcome = randomFailure(tm, rnd);
            status = null;
        }
        return Measurement.newBuilder()
                .setMeasurementId(randomId())
                .setProbeId(p.probeId())
                .setCountry(p.country())
                .setAsn(p.asn())
                .setRegion(p.region())
                .setCity(null)
                .setNetworkType(p.networkType())
                .setPlatform(platform)
                .setTargetHost(host)
                .setTargetUrl("https://" + host + "/")
                .setEventTime(t)
                .setOutcome(outcome)
                .setOutcomeDetail(detail)
                .setResolver("system")
                .setDnsAnswers(List.of())
                .setHttpStatus(status)
                .setTimings(tm.toAvro())
                .setBytesReceived(tm.bytes)
                .setThroughputBps(tm.throughput)
                .setClockOffsetMs(null)
                .setProbeVersion(ProbeVersion.VERSION)
                .setSimulated(true)
                .build();
    }

    private Outcome randomFailure(Timings tm, Random rnd) {
        Outcome o = RANDOM_FAILURES[rnd.nextInt(RANDOM_FAILURES.length)];
        switch (o) {
            case DNS_TIMEOUT -> {
                tm.dns = TIMEOUT_MS;
                tm.stopAfterDns();
            }
            case TCP_TIMEOUT -> {
                tm.connect = TIMEOUT_MS;
                tm.stopAfterConnect();
            }
            case TLS_TIMEOUT -> {
                tm.tls = TIMEOUT_MS;
                tm.stopAfterTls();
            }
            default -> {
                tm.firstByte = TIMEOUT_MS;
                tm.bytes = null;
                tm.throughput = null;
            }
        }
        return o;
    }

    private Timings healthy(SimulatedProbe p, Random rnd) {
        double rtt = scenario.baseline().rttMs().get(p.networkType());
        double spread = scenario.baseline().latencySpread();
        Timings tm = new Timings();
        tm.dns = ms(rtt * 0.5 * logNormal(rnd, spread));
        tm.connect = ms(rtt * logNormal(rnd, spread));
        tm.tls = ms(2 * rtt * logNormal(rnd, spread));
        tm.firstByte = ms((rtt + 40) * logNormal(rnd, spread));
        tm.bytes = 20_000L + rnd.nextInt(180_000);
        tm.throughput = scenario.baseline().throughputBps().get(p.networkType()) * logNormal(rnd, spread);
        return tm;
    }

    private static double logNormal(Random rnd, double sigma) {
        return Math.exp(sigma * rnd.nextGaussian());
    }

    private static int ms(double v) {
        return (int) Math.max(1, Math.round(v));
    }

    /** A random (version 4) UUID without SecureRandom's cost: ids must be unique, not unpredictable. */
    static String randomId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** Mutable per-phase timings while a measurement is shaped; null = the phase did not run. */
    private static final class Timings {
        Integer dns;
        Integer connect;
        Integer tls;
        Integer firstByte;
        Long bytes;
        Double throughput;

        void stopAfterDns() {
            connect = null;
            stopAfterConnect();
        }

        void stopAfterConnect() {
            tls = null;
            stopAfterTls();
        }

        void stopAfterTls() {
            firstByte = null;
            bytes = null;
            throughput = null;
        }

        void slowDown(double factor) {
            connect = (int) (connect * factor);
            tls = (int) (tls * factor);
            firstByte = (int) (firstByte * factor);
            throughput = throughput / factor;
        }

        PhaseTimings toAvro() {
            long total = 0;
            for (Integer v : new Integer[] {dns, connect, tls, firstByte}) {
                total += v == null ? 0 : v;
            }
            if (bytes != null && throughput != null && throughput > 0) {
                total += (long) (bytes * 1000.0 / throughput);
            }
            return PhaseTimings.newBuilder()
                    .setDnsMs(dns)
                    .setConnectMs(connect)
                    .setTlsMs(tls)
                    .setFirstByteMs(firstByte)
                    .setTotalMs((int) Math.min(Integer.MAX_VALUE, total))
                    .build();
        }
    }
}
