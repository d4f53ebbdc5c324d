package org.vantage.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.common.serialization.Serde;
import org.vantage.detect.serde.JsonSerde;
import org.vantage.detect.window.NetworkState;
import org.vantage.detect.window.WindowSummary;
import org.vantage.probe.simulate.MeasurementSynthesizer;
import org.vantage.probe.simulate.Scenario;
import org.vantage.probe.simulate.SimulatedProbe;
import org.vantage.schema.Measurement;

/**
 * Prototype measurement behind the benchmark's profiling advice (not a test, not part of the figures): what the
 * per-network stage's state handling costs per measurement, single-threaded, without Kafka.
 *
 * <p>The detection's per-network stage reads and writes two JSON-encoded values per measurement through the
 * Streams record cache (which holds serialized bytes): the network's {@link NetworkState} (per-probe last-seen
 * map, window flags, streaks) and the (network, window, platform) {@link WindowSummary} (per-probe tallies and
 * two KLL sketches serialized to bytes on every update). This program times four ways of doing that work for
 * the same measurements: (1) as the processor does it today (deserialize + update + serialize both values);
 * (2) a per-task read cache of live objects (no deserialize; still serialize on every put, so the store and
 * changelog stay exactly as today); (3) updates only, no serde at all (the floor); and reports ns/measurement and
 * the implied ceiling in measurements/s for one stream thread.
 *
 * <p>Run: {@code java -cp bench/target/vantage-bench.jar org.vantage.bench.StateCodecCost [measurements]}.
 */
public final class StateCodecCost {
    private StateCodecCost() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        Scenario s = BenchFleet.load(n, Instant.now());
        List<SimulatedProbe> probes = SimulatedProbe.fleet(s).stream().filter(p -> p.asn() == BenchFleet.networks().get(0).asn()).toList();
        MeasurementSynthesizer synth = new MeasurementSynthesizer(s);
        Random rnd = new Random(1);
        List<Measurement> ms = new ArrayList<>();
        long t0 = s.start().toEpochMilli();
        for (int i = 0; i < 20_000; i++) {
            SimulatedProbe p = probes.get(i % probes.size());
            ms.add(synth.measure(p, i % 3 == 0 ? "control" : "twitter", "x.com", Instant.ofEpochMilli(t0 + (i % 1000) * 50L), rnd));
        }
        System.out.printf("per-network stage state cost, 1 thread, %d probes on the network, %,d measurements per way%n",
                probes.size(), n);
        for (int round = 0; round < 2; round++) { // first round warms the JIT up
            boolean print = round == 1;
            report(print, "today: JSON get + update + JSON put, both values", run(ms, n, true, true, true, true));
            report(print, "  of which NetworkState JSON get + put", run(ms, n, true, true, false, false));
            report(print, "  of which WindowSummary JSON get + put (+ sketches)", run(ms, n, false, false, true, true));
            report(print, "read cache of live objects: update + JSON put", run(ms, n, false, true, false, true));
            report(print, "updates only, no serde (floor)", run(ms, n, false, false, false, false));
        }
    }

    private static void report(boolean print, String what, double nsPer) {
        if (print) {
            System.out.printf(Locale.ROOT, "  %-52s %8.0f ns/measurement  -> ceiling %,10.0f measurements/s%n", what, nsPer, 1e9 / nsPer);
        }
    }

    /** ns per measurement of the state work of NetworkWindowProcessor.measurement, done one of three ways. */
    static double run(List<Measurement> ms, int n, boolean readState, boolean writeState, boolean readSummary, boolean writeSummary) {
        Serde<NetworkState> stateSerde = JsonSerde.of(NetworkState.class);
        Serde<WindowSummary> summarySerde = JsonSerde.of(WindowSummary.class);
        NetworkState liveState = NetworkState.of("PK", 1);
        java.util.Map<String, WindowSummary> liveSummaries = new java.util.HashMap<>();
        java.util.Map<String, byte[]> storedSummaries = new java.util.HashMap<>();
        byte[] storedState = stateSerde.serializer().serialize("t", liveState);
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Measurement m = ms.get(i % ms.size());
            long et = m.getEventTime().toEpochMilli();
            long ws = et - Math.floorMod(et, 60_000L);
            String key = "PK:1|" + ws + "|" + m.getPlatform();
            NetworkState st = readState ? stateSerde.deserializer().deserialize("t", storedState) : liveState;
            WindowSummary sum = readSummary
                    ? (storedSummaries.containsKey(key) ? summarySerde.deserializer().deserialize("t", storedSummaries.get(key)) : null)
                    : liveSummaries.get(key);
            if (sum == null) {
                sum = WindowSummary.empty("PK", 1, m.getPlatform(), ws, ws + 60_000);
            }
            sum.add(m, 10, false);
            st.windows.computeIfAbsent(ws, w -> new NetworkState.WindowFlags());
            NetworkState.ProbeSeen seen = st.probes.computeIfAbsent(m.getProbeId(), p -> new NetworkState.ProbeSeen());
            seen.lastWallClock = i;
            seen.lastEventTime = Math.max(seen.lastEventTime, et);
            st.watermark = Math.max(st.watermark, et);
            if (writeSummary) {
                byte[] b = summarySerde.serializer().serialize("t", sum.flush());
                storedSummaries.put(key, b);
                sink += b.length;
            }
            if (writeState) {
                storedState = stateSerde.serializer().serialize("t", st);
                sink += storedState.length;
            }
            liveSummaries.put(key, sum);
            liveState = st;
        }
        double ns = (System.nanoTime() - start) / (double) n;
        if (sink == 42) {
            System.out.print("");
        }
        return ns;
    }
}
