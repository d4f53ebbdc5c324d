package org.vantage.probe.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.probe.config.ProbeVersion;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/**
 * Runs a virtual fleet from a {@link Scenario} in one process. Scenario time advances one interval at a
 * time: in each interval every probe that is not cut off measures every target once (at its own phase,
 * targets spread over the first half of the interval, so event times increase per probe) and sends a
 * heartbeat when one is due. Intervals are paced against the wall clock ({@link Pacing}).
 *
 * <p>Records reach the sink in event-time order across the whole fleet, as they would from live probes:
 * generating probe after probe would hand the sink one probe's whole interval before the next probe's first
 * measurement, so a network's event time would run up to an interval ahead of most of its probes.
 */
public final class FleetSimulator {

    private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);
    private static final int BATCH = 2_000;

    private final Scenario scenario;
    private final SimulationSink sink;
    private final Pacing pacing;
    private final Duration progressEvery;
    private final SimulationStats stats = new SimulationStats();
    private volatile Instant simulatedClock;
    private volatile boolean stopped;

    public FleetSimulator(Scenario scenario, SimulationSink sink, Pacing pacing, Duration progressEvery) {
        this.scenario = scenario;
        this.sink = sink;
        this.pacing = pacing;
        this.progressEvery = progressEvery;
        this.simulatedClock = scenario.start();
    }

    public SimulationStats stats() {
        return stats;
    }

    /** Asks a running simulation to stop after the current interval. */
    public void stop() {
        stopped = true;
    }

    /** Runs the whole scenario; returns what was produced (the sink may still be delivering). */
    public SimulationStats run() {
        List<SimulatedProbe> probes = SimulatedProbe.fleet(scenario);
        List<String[]> targets = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : scenario.platforms().entrySet()) {
            for (String host : e.getValue()) {
                targets.add(new String[] {e.getKey(), host});
            }
        }
        List<String> platforms = List.copyOf(scenario.platforms().keySet());
        MeasurementSynthesizer synth = new MeasurementSynthesizer(scenario);
        Random rnd = new Random(scenario.seed() * 31 + 7);
        long interval = scenario.interval().toMillis();
        long spacing = Math.max(1, interval / 2 / Math.max(1, targets.size()));
        long hbInterval = scenario.heartbeatInterval().toMillis();
        long[] nextHeartbeat = new long[probes.size()];
        for (int i = 0; i < probes.size(); i++) {
            nextHeartbeat[i] = scenario.start().toEpochMilli() + probes.get(i).phaseMs();
        }
        double perMinute = targets.size() * 60_000.0 / interval;

        log.info(
                "event=simulation_start scenario={} start={} end={} probes={} targets={} networks={} disruptions={} pacing={}",
                scenario.name(),
                scenario.start(),
                scenario.end(),
                probes.size(),
                targets.size(),
                scenario.networks().size(),
                scenario.disruptions().size(),
                pacing);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-progress");
            t.setDaemon(true);
            return t;
        });
        long wallStart = System.nanoTime();
        progress.scheduleAtFixedRate(
                () -> progressLine(wallStart),
                progressEvery.toMillis(),
                progressEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            long end = scenario.end().toEpochMilli();
            EventTimeOrder ordered = new EventTimeOrder();
            for (long round = scenario.start().toEpochMilli(); round < end && !stopped; round += interval) {
                for (int i = 0; i < probes.size(); i++) {
                    SimulatedProbe p = probes.get(i);
                    long base = round + p.phaseMs();
                    for (int j = 0; j < targets.size(); j++) {
                        long t = base + j * spacing;
                        if (t >= end) {
                            break;
                        }
                        Instant at = Instant.ofEpochMilli(t);
                        if (synth.silent(p, at)) {
                            continue;
                        }
                        String[] target = targets.get(j);
                        Measurement m = synth.measure(p, target[0], target[1], at, rnd);
                        stats.count(m);
                        ordered.add(t, m);
                    }
                    if (base >= nextHeartbeat[i] && base < end) {
                        nextHeartbeat[i] += hbInterval * Math.max(1, (base - nextHeartbeat[i]) / hbInterval + 1);
                        if (!synth.silent(p, Instant.ofEpochMilli(base))) {
                            ordered.add(base, heartbeat(p, base, hbInterval, platforms, targets.size(), perMinute));
                            stats.heartbeat();
                        }
                    }
                }
                // every later round starts at round + interval: what is older can go, in order
                ordered.release(round + interval);
                long roundEnd = Math.min(round + interval, end);
                simulatedClock = Instant.ofEpochMilli(roundEnd);
                pace(wallStart, roundEnd - scenario.start().toEpochMilli());
            }
            ordered.release(Long.MAX_VALUE);
        } finally {
            progress.shutdownNow();
        }
        progressLine(wallStart);
        log.info(
                "event=simulation_generated scenario={} measurements={} heartbeats={} wall_seconds={}",
                scenario.name(),
                stats.measurements(),
                stats.heartbeats(),
                String.format("%.1f", (System.nanoTime() - wallStart) / 1e9));
        return stats;
    }

    /** Generated records held until nothing earlier can still be generated, then sent in event-time order. */
    private final class EventTimeOrder {
        private record Pending(long time, long seq, Object record) {}

        private final PriorityQueue<Pending> queue =
                new PriorityQueue<>(Comparator.comparingLong(Pending::time).thenComparingLong(Pending::seq));
        private long seq;

        void add(long time, Object record) {
            queue.add(new Pending(time, seq++, record));
        }

        /** Sends every record older than {@code before}: measurements in batches, heartbeats where they fall. */
        void release(long before) {
            List<Measurement> batch = new ArrayList<>(BATCH);
            while (!queue.isEmpty() && queue.peek().time() < before) {
                Object r = queue.poll().record();
                if (r instanceof Measurement m) {
                    batch.add(m);
                    if (batch.size() >= BATCH) {
                        sink.measurements(batch);
                        batch = new ArrayList<>(BATCH);
                    }
                } else {
                    if (!batch.isEmpty()) {
                        sink.measurements(batch);
                        batch = new ArrayList<>(BATCH);
                    }
                    sink.heartbeat((ProbeHeartbeat) r);
                }
            }
            if (!batch.isEmpty()) {
                sink.measurements(batch);
            }
        }
    }

    private void pace(long wallStart, long scenarioMillisDone) {
        long due = pacing.dueWallMillis(scenarioMillisDone, stats.measurements());
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wallStart);
        if (due > elapsed) {
            try {
                Thread.sleep(due - elapsed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    private void progressLine(long wallStart) {
        double secs = Math.max(0.001, (System.nanoTime() - wallStart) / 1e9);
        long delivered = sink.delivered();
        log.info(
                "event=simulation_progress sim_clock={} measurements={} published={} spool_depth={} rate_per_s={} heartbeats={}",
                simulatedClock,
                stats.measurements(),
                delivered,
                sink.pending(),
                String.format("%.0f", delivered / secs),
                stats.heartbeats());
    }

    private static ProbeHeartbeat heartbeat(
            SimulatedProbe p, long at, long intervalMs, List<String> platforms, int targetCount, double perMinute) {
        return ProbeHeartbeat.newBuilder()
                .setProbeId(p.probeId())
                .setCountry(p.country())
                .setAsn(p.asn())
                .setRegion(p.region())
                .setCity(null)
                .setNetworkType(p.networkType())
                .setProbeVersion(ProbeVersion.VERSION)
                .setEventTime(Instant.ofEpochMilli(at))
                .setIntervalMs(intervalMs)
                .setPlatforms(platforms)
                .setTargetCount(targetCount)
                .setConfigVersion(null)
                .setClockOffsetMs(null)
                .setSpoolDepth(0)
                .setSpoolDropped(0)
                .setMeasurementsPerMinute(perMinute)
                .setSimulated(true)
                .build();
    }
}
