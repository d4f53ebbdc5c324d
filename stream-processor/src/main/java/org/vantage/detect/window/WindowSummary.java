package org.vantage.detect.window;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.vantage.detect.serde.BinaryStateSerde;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;

/**
 * The compact result of one window of measurements of one platform on one network: outcome counts,
 * per-probe tallies and latency / throughput quantile sketches (Apache DataSketches KLL), never raw values.
 *
 * <p>Each probe contributes its first {@code maxSamplesPerProbe} distinct measurements to the window (outcome
 * counts, sketches and its own failure rate) and exactly one vote to the failure rate
 * ({@link #probeWeightedFailureRate()}), so a broken or chatty probe cannot dominate a window. Later ones are
 * only counted in {@link #overCap}.
 *
 * <p>The same per-probe tally de-duplicates: a measurement is identified by its id, and a repeated id can only
 * come from the same probe, for the same platform and event time, so it lands in the same tally. Keeping the
 * (hashed) ids of the measurements a tally counted is exact and costs at most {@code maxSamplesPerProbe} longs
 * per probe: memory is bounded by keys and probes, not by the number of measurements.
 */
public final class WindowSummary {
    static final int SKETCH_K = 100;
    static final int MAX_SAMPLES = 5;
    static final int MAX_DNS_ANSWERS = 5;
    /**
     * Prefix of the tally key of an unenrolled probe's measurements (open-fleet mode). Enrolled probe ids cannot
     * start with it, so an unenrolled probe never shares a tally with an enrolled one, and the stores keep their format.
     */
    public static final String UNVERIFIED_PREFIX = "?";

    public String country;
    public long asn;
    public String platform;
    public long windowStart;
    public long windowEnd;
    public String networkType;
    public long measurements;
    /** Measurements folded after the window's first summary was emitted (late, within grace). */
    public long lateMeasurements;
    /** Measurements dropped because their probe already had {@code maxSamplesPerProbe} in this window. */
    public long overCap;
    /** By probe id. A hash map: it is looked up for every measurement, and probe ids share long prefixes. */
    public Map<String, ProbeTally> probes = new HashMap<>();

    public Map<String, Long> outcomes = new TreeMap<>();
    public List<String> sampleMeasurementIds = new ArrayList<>();
    public List<String> dnsAnswers = new ArrayList<>();
    public byte[] latencySketch;
    public byte[] throughputSketch;

    @JsonIgnore
    private KllFloatsSketch latency;

    @JsonIgnore
    private KllFloatsSketch throughput;

    public WindowSummary() {}

    public static WindowSummary empty(String country, long asn, String platform, long windowStart, long windowEnd) {
        WindowSummary s = new WindowSummary();
        s.country = country;
        s.asn = asn;
        s.platform = platform;
        s.windowStart = windowStart;
        s.windowEnd = windowEnd;
        return s;
    }

    public static boolean isFailure(Outcome outcome) {
        return outcome != Outcome.OK && outcome != Outcome.THROTTLED;
    }

    /** What {@link #add} did with a measurement. */
    public enum Folded {
        COUNTED,
        DUPLICATE,
        OVER_CAP
    }

    /** Folds one validated measurement into the window, unless its id was already counted or its probe is over the cap. */
    public Folded add(Measurement m, int maxSamplesPerProbe, boolean late) {
        return add(m, m.getProbeId(), maxSamplesPerProbe, late);
    }

    /** As above; {@code probeId} equals the measurement's, and is the instance the summary keeps (a shared copy). */
    public Folded add(Measurement m, String probeId, int maxSamplesPerProbe, boolean late) {
        ProbeTally tally = probes.get(probeId);
        if (tally == null) {
            tally = new ProbeTally();
            probes.put(probeId, tally);
        }
        long id = idHash(m.getMeasurementId());
        if (tally.counted(id)) {
            return Folded.DUPLICATE;
        }
        if (tally.total >= maxSamplesPerProbe) {
            overCap++;
            return Folded.OVER_CAP;
        }
        tally.count(id);
        measurements++;
        if (late) {
            lateMeasurements++;
        }
        if (networkType == null && m.getNetworkType() != null) {
            networkType = m.getNetworkType().name();
        }
        if (tally.region == null && m.getRegion() != null) {
            tally.region = m.getRegion();
        }
        Outcome outcome = m.getOutcome();
        boolean failed = isFailure(outcome);
        if (failed) {
            tally.failed++;
        } else if (outcome == Outcome.THROTTLED) {
            tally.slow++;
        }
        outcomes.merge(outcome.name(), 1L, Long::sum);
        if (!failed && m.getTimings() != null && m.getTimings().getTotalMs() != null) {
            latency().update(m.getTimings().getTotalMs());
        }
        if (!failed && m.getThroughputBps() != null) {
            throughput().update(m.getThroughputBps().floatValue());
        }
        if (failed) {
            keepSmallest(sampleMeasurementIds, m.getMeasurementId(), MAX_SAMPLES);
        }
        if ((outcome == Outcome.DNS_BOGON || outcome == Outcome.DNS_MISMATCH) && m.getDnsAnswers() != null) {
            for (String answer : m.getDnsAnswers()) {
                keepSmallest(dnsAnswers, answer, MAX_DNS_ANSWERS);
            }
        }
        return Folded.COUNTED;
    }

    /**
     * Keeps the {@code max} smallest distinct values in order, so that the samples a window shows depend on the
     * measurements it counted, not on the order they arrived in.
     */
    static void keepSmallest(List<String> kept, String value, int max) {
        if (value == null || kept.contains(value)) {
            return;
        }
        if (kept.size() >= max) {
            if (value.compareTo(kept.get(kept.size() - 1)) >= 0) {
                return;
            }
            kept.remove(kept.size() - 1);
        }
        int at = 0;
        while (at < kept.size() && kept.get(at).compareTo(value) < 0) {
            at++;
        }
        kept.add(at, value);
    }

    /** 64 bits of MurmurHash3 of the id: collisions among the few ids of one probe's tally are out of reach. */
    static long idHash(String measurementId) {
        return MurmurHash3.hash(measurementId.getBytes(StandardCharsets.UTF_8), 0x5eedL)[0];
    }

    /** Serialises the live sketches into their byte fields; call before storing. */
    public WindowSummary flush() {
        if (latency != null) {
            latencySketch = latency.toByteArray();
        }
        if (throughput != null) {
            throughputSketch = throughput.toByteArray();
        }
        return this;
    }

    public int distinctProbes() {
        return probes.size();
    }

    /** Mean over probes of each probe's own failure rate: one vote per probe. */
    public double probeWeightedFailureRate() {
        return meanOverProbes(ProbeTally::failureRate);
    }

    public double probeWeightedSlowRate() {
        return meanOverProbes(ProbeTally::slowRate);
    }

    /** Probes whose measurements are not from an unenrolled probe of the open fleet (all of them when trust is off). */
    public int verifiedProbes() {
        int n = 0;
        for (String id : probes.keySet()) {
            if (!id.startsWith(UNVERIFIED_PREFIX)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The failure rate with unenrolled probes (open fleet) counted at {@code weight} each, all of them together at
     * most {@code cap} times the number of enrolled probes; without unenrolled probes, exactly
     * {@link #probeWeightedFailureRate()}. With no enrolled probe at all the unenrolled ones decide nothing: 0.
     */
    public double trustWeightedFailureRate(double weight, double cap) {
        return trustWeighted(ProbeTally::failureRate, weight, cap);
    }

    public double trustWeightedSlowRate(double weight, double cap) {
        return trustWeighted(ProbeTally::slowRate, weight, cap);
    }

    private double trustWeighted(ToDoubleFunction<ProbeTally> rate, double weight, double cap) {
        int verified = verifiedProbes();
        int unverified = probes.size() - verified;
        if (unverified == 0) {
            return meanOverProbes(rate);
        }
        if (verified == 0) {
            return 0.0;
        }
        double[] v = new double[verified];
        double[] u = new double[unverified];
        int i = 0;
        int j = 0;
        for (Map.Entry<String, ProbeTally> e : probes.entrySet()) {
            if (e.getKey().startsWith(UNVERIFIED_PREFIX)) {
                u[j++] = rate.applyAsDouble(e.getValue());
            } else {
                v[i++] = rate.applyAsDouble(e.getValue());
            }
        }
        double unverifiedWeight = Math.min(weight * unverified, cap * verified);
        return (sortedSum(v) + unverifiedWeight / unverified * sortedSum(u)) / (verified + unverifiedWeight);
    }

    private static double sortedSum(double[] rates) {
        Arrays.sort(rates);
        double sum = 0;
        for (double r : rates) {
            sum += r;
        }
        return sum;
    }

    /**
     * Summed in ascending order of the rates, so the result does not depend on the order in which probes were first
     * heard (a floating-point sum does); sorting the rates is far cheaper than sorting the probe ids.
     */
    private double meanOverProbes(ToDoubleFunction<ProbeTally> rate) {
        if (probes.isEmpty()) {
            return 0.0;
        }
        double[] rates = new double[probes.size()];
        int i = 0;
        for (ProbeTally t : probes.values()) {
            rates[i++] = rate.applyAsDouble(t);
        }
        Arrays.sort(rates);
        double sum = 0;
        for (double r : rates) {
            sum += r;
        }
        return sum / rates.length;
    }

    /**
     * The window seen from each region's probes alone (probes without a region are in none): the same per-probe
     * tallies (so the same per-probe cap and one vote per probe), without outcome counts or sketches, which are
     * kept for the whole network only. For judging a region with the network's rules; never stored.
     */
    public Map<String, WindowSummary> byRegion() {
        Map<String, WindowSummary> out = new TreeMap<>();
        for (Map.Entry<String, ProbeTally> e : probes.entrySet()) {
            String region = e.getValue().region;
            if (region == null) {
                continue;
            }
            WindowSummary view = out.computeIfAbsent(region, r -> {
                WindowSummary v = empty(country, asn, platform, windowStart, windowEnd);
                v.networkType = networkType;
                return v;
            });
            view.probes.put(e.getKey(), e.getValue());
            view.measurements += e.getValue().total;
        }
        return out;
    }

    /**
     * Probes whose own failure rate is above one half; unenrolled ones of the open fleet are not counted, as rules that
     * need a number of failing probes (regions) must not be met by them.
     */
    public int failingProbes() {
        int n = 0;
        for (Map.Entry<String, ProbeTally> e : probes.entrySet()) {
            if (e.getValue().failureRate() > 0.5 && !e.getKey().startsWith(UNVERIFIED_PREFIX)) {
                n++;
            }
        }
        return n;
    }

    public long failedMeasurements() {
        return outcomes.entrySet().stream()
                .filter(e -> isFailure(Outcome.valueOf(e.getKey())))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Median total time of successful measurements in ms, or null without any. */
    public Double latencyMedianMs() {
        return quantile(latency(), 0.5);
    }

    public Double latencyP90Ms() {
        return quantile(latency(), 0.9);
    }

    public Double throughputMedianBps() {
        return quantile(throughput(), 0.5);
    }

    private static Double quantile(KllFloatsSketch sketch, double rank) {
        return sketch.isEmpty() ? null : (double) sketch.getQuantile(rank);
    }

    private KllFloatsSketch latency() {
        if (latency == null) {
            latency = latencySketch == null
                    ? KllFloatsSketch.newHeapInstance(SKETCH_K)
                    : KllFloatsSketch.heapify(Memory.wrap(latencySketch));
        }
        return latency;
    }

    private KllFloatsSketch throughput() {
        if (throughput == null) {
            throughput = throughputSketch == null
                    ? KllFloatsSketch.newHeapInstance(SKETCH_K)
                    : KllFloatsSketch.heapify(Memory.wrap(throughputSketch));
        }
        return throughput;
    }

    /** The store's value format: every field above, in order (see {@link BinaryStateSerde}). */
    public static BinaryStateSerde<WindowSummary> serde() {
        return BinaryStateSerde.of(WindowSummary.class, new BinaryStateSerde.Codec<>() {
            @Override
            public void write(WindowSummary s, BinaryStateSerde.Writer out) {
                out.writeString(s.country);
                out.writeLong(s.asn);
                out.writeString(s.platform);
                out.writeLong(s.windowStart);
                out.writeLong(s.windowEnd);
                out.writeString(s.networkType);
                out.writeLong(s.measurements);
                out.writeLong(s.lateMeasurements);
                out.writeLong(s.overCap);
                out.writeInt(s.probes.size());
                for (Map.Entry<String, ProbeTally> e : s.probes.entrySet()) {
                    ProbeTally t = e.getValue();
                    out.writeString(e.getKey());
                    out.writeInt(t.total);
                    out.writeInt(t.failed);
                    out.writeInt(t.slow);
                    out.writeString(t.region);
                    int ids = Math.min(t.total, t.ids.length);
                    out.writeInt(ids);
                    for (int i = 0; i < ids; i++) {
                        out.writeLong(t.ids[i]);
                    }
                }
                out.writeCounts(s.outcomes);
                out.writeStrings(s.sampleMeasurementIds);
                out.writeStrings(s.dnsAnswers);
                out.writeBytes(s.latencySketch);
                out.writeBytes(s.throughputSketch);
            }

            @Override
            public WindowSummary read(BinaryStateSerde.Reader in) {
                WindowSummary s = new WindowSummary();
                s.country = in.readString();
                s.asn = in.readLong();
                s.platform = in.readString();
                s.windowStart = in.readLong();
                s.windowEnd = in.readLong();
                s.networkType = in.readString();
                s.measurements = in.readLong();
                s.lateMeasurements = in.readLong();
                s.overCap = in.readLong();
                for (int n = in.readCount(), i = 0; i < n; i++) {
                    String probe = in.readString();
                    ProbeTally t = new ProbeTally();
                    t.total = in.readInt();
                    t.failed = in.readInt();
                    t.slow = in.readInt();
                    t.region = in.readString();
                    t.ids = new long[in.readCount()];
                    for (int j = 0; j < t.ids.length; j++) {
                        t.ids[j] = in.readLong();
                    }
                    s.probes.put(probe, t);
                }
                s.outcomes = in.readCounts();
                s.sampleMeasurementIds = in.readStrings();
                s.dnsAnswers = in.readStrings();
                s.latencySketch = in.readBytes();
                s.throughputSketch = in.readBytes();
                return s;
            }
        });
    }
}
