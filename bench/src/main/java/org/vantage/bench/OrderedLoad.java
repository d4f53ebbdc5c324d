package org.vantage.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.vantage.probe.config.ProbeVersion;
import org.vantage.probe.simulate.MeasurementSynthesizer;
import org.vantage.probe.simulate.Scenario;
import org.vantage.probe.simulate.SimulatedProbe;
import org.vantage.probe.simulate.SimulationSink;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/**
 * The fleet simulator's load (the same probes, phases, targets, spacing and synthesised measurements, one heartbeat
 * per probe and interval), generated in event-time order as a stream instead of one buffered interval at a time. The
 * simulator holds a whole interval of records in a priority queue to sort it; at 200,000 probes that is 2.8 million
 * measurements on the heap. Here the order comes from a merge: every probe measures its targets at its own phase plus
 * a fixed spacing per target, so sorting the probes by phase once gives one ordered stream per target, and a merge of
 * those few streams is the interval in event-time order.
 *
 * <p>The scenario's disruptions change outcomes as in the simulator; a full outage (probes falling silent) is not
 * supported, the benchmark's scenarios have none.
 */
final class OrderedLoad {
    private static final int BATCH = 2_000;

    private OrderedLoad() {}

    /** Sends the scenario's records to {@code sink}, in event-time order, until the sink holds {@code limit} measurements. */
    static void run(Scenario s, SimulationSink sink, long limit) {
        if (s.disruptions().stream().anyMatch(d -> d.technique() == Scenario.Technique.FULL_OUTAGE)) {
            throw new IllegalArgumentException("the ordered load does not simulate full outages");
        }
        List<SimulatedProbe> probes = new ArrayList<>(SimulatedProbe.fleet(s));
        probes.sort(Comparator.comparingLong(SimulatedProbe::phaseMs)); // stable: equal phases keep fleet order
        List<String[]> targets = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : s.platforms().entrySet()) {
            for (String host : e.getValue()) {
                targets.add(new String[] {e.getKey(), host});
            }
        }
        List<String> platforms = List.copyOf(s.platforms().keySet());
        MeasurementSynthesizer synth = new MeasurementSynthesizer(s);
        Random rnd = new Random(s.seed() * 31 + 7);
        long interval = s.interval().toMillis();
        long spacing = Math.max(1, interval / 2 / Math.max(1, targets.size()));
        double perMinute = targets.size() * 60_000.0 / interval;
        long end = s.end().toEpochMilli();
        long sent = 0;
        List<Measurement> batch = new ArrayList<>(BATCH);
        for (long round = s.start().toEpochMilli(); round < end && sent < limit; round += interval) {
            // one cursor per stream: -1 the heartbeats (at the probe's phase), j >= 0 target j (phase + j * spacing)
            PriorityQueue<long[]> heads = new PriorityQueue<>(
                    Comparator.<long[]>comparingLong(c -> c[0]).thenComparingLong(c -> c[1]));
            for (int j = -1; j < targets.size(); j++) {
                long offset = Math.max(0, j) * spacing;
                heads.add(new long[] {round + probes.get(0).phaseMs() + offset, j, 0});
            }
            while (!heads.isEmpty() && sent < limit) {
                long[] c = heads.poll();
                long t = c[0];
                int j = (int) c[1];
                int k = (int) c[2];
                SimulatedProbe p = probes.get(k);
                if (t < end) {
                    if (j < 0) {
                        if (!batch.isEmpty()) {
                            sink.measurements(batch);
                            batch = new ArrayList<>(BATCH);
                        }
                        sink.heartbeat(heartbeat(p, t, interval, platforms, targets.size(), perMinute));
                    } else {
                        String[] target = targets.get(j);
                        batch.add(synth.measure(p, target[0], target[1], Instant.ofEpochMilli(t), rnd));
                        sent++;
                        if (batch.size() >= BATCH) {
                            sink.measurements(batch);
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                }
                if (k + 1 < probes.size()) {
                    c[0] = round + probes.get(k + 1).phaseMs() + Math.max(0, j) * spacing;
                    c[2] = k + 1;
                    heads.add(c);
                }
            }
        }
        if (!batch.isEmpty()) {
            sink.measurements(batch);
        }
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
