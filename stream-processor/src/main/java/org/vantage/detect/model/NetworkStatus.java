package org.vantage.detect.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.serde.BinaryStateSerde;

/**
 * Everything the per-country stage needs about one network for one window: a verdict per platform and
 * for the control targets, or the fact that the network's probes fell silent. Topic
 * {@code vantage.network-status.v1}, key = country; one record per network and window, emitted when the window is
 * judged (once: {@code revision} is 0; a consumer keeps the highest revision of a window, should there be several).
 *
 * @param silent        true when all of the network's probes stopped sending (wall-clock punctuation)
 * @param lastHeardAt   event time of the last measurement or heartbeat from the network
 * @param activeProbes  probes heard from recently (before the silence, for a silent status)
 * @param sparse        for a status that carries a sparse source's evidence (OONI) instead of a window's verdicts:
 *                      the network's votes within the retention period (then {@code platforms} is empty); else null
 * @param regions       the same window judged per region of the network's probes (empty when no probe reports a
 *                      region); or, with {@code platforms} empty, a region whose probes fell silent or came back
 * @param late          for a status that carries the network's measurements later than the grace period instead of a
 *                      window's verdicts (then {@code platforms} is empty and the window spans the late measurements); else
 *                      null
 */
public record NetworkStatus(
        String country,
        long asn,
        String networkType,
        long windowStart,
        long windowEnd,
        int revision,
        boolean silent,
        long lastHeardAt,
        int activeProbes,
        List<PlatformVerdict> platforms,
        SparseTally sparse,
        List<RegionStatus> regions,
        @JsonInclude(JsonInclude.Include.NON_NULL) LateEvidence late) {

    public NetworkStatus {
        regions = regions == null ? List.of() : regions;
    }

    /** A window's status, a silence, a sparse source's votes or a region's silence: no late evidence. */
    public NetworkStatus(
            String country,
            long asn,
            String networkType,
            long windowStart,
            long windowEnd,
            int revision,
            boolean silent,
            long lastHeardAt,
            int activeProbes,
            List<PlatformVerdict> platforms,
            SparseTally sparse,
            List<RegionStatus> regions) {
        this(
                country,
                asn,
                networkType,
                windowStart,
                windowEnd,
                revision,
                silent,
                lastHeardAt,
                activeProbes,
                platforms,
                sparse,
                regions,
                null);
    }

    /** A status without regional verdicts. */
    public NetworkStatus(
            String country,
            long asn,
            String networkType,
            long windowStart,
            long windowEnd,
            int revision,
            boolean silent,
            long lastHeardAt,
            int activeProbes,
            List<PlatformVerdict> platforms,
            SparseTally sparse) {
        this(
                country,
                asn,
                networkType,
                windowStart,
                windowEnd,
                revision,
                silent,
                lastHeardAt,
                activeProbes,
                platforms,
                sparse,
                List.of());
    }

    /** A window's status (or a silence) from the network's own probes. */
    public NetworkStatus(
            String country,
            long asn,
            String networkType,
            long windowStart,
            long windowEnd,
            int revision,
            boolean silent,
            long lastHeardAt,
            int activeProbes,
            List<PlatformVerdict> platforms) {
        this(
                country,
                asn,
                networkType,
                windowStart,
                windowEnd,
                revision,
                silent,
                lastHeardAt,
                activeProbes,
                platforms,
                null);
    }

    /** True for a status that carries a sparse source's votes rather than a window's verdicts. */
    public boolean isSparse() {
        return sparse != null;
    }

    /** True for a status that carries measurements later than the grace period rather than a window's verdicts. */
    public boolean isLate() {
        return late != null;
    }

    /** True for a status that only reports regions whose probes fell silent or came back (no window verdicts). */
    public boolean regionChange() {
        return !silent
                && sparse == null
                && late == null
                && (platforms == null || platforms.isEmpty())
                && !regions.isEmpty();
    }

    /** This status with other regions. */
    public NetworkStatus withRegions(List<RegionStatus> r) {
        return new NetworkStatus(
                country,
                asn,
                networkType,
                windowStart,
                windowEnd,
                revision,
                silent,
                lastHeardAt,
                activeProbes,
                platforms,
                sparse,
                r,
                late);
    }

    public String networkKey() {
        return country + ":" + asn;
    }

    public Optional<PlatformVerdict> control() {
        return platform(DetectionThresholds.CONTROL);
    }

    public Optional<PlatformVerdict> platform(String name) {
        return platforms == null
                ? Optional.empty()
                : platforms.stream().filter(v -> v.platform().equals(name)).findFirst();
    }

    /** The network itself fails: its control targets are disrupted (or it fell silent). */
    public boolean networkDown() {
        return silent || control().map(PlatformVerdict::disrupted).orElse(false);
    }

    /**
     * The per-country stage's store format (its stores are read by range for every status that arrives, so
     * JSON decoding dominated it); the topic between the stages stays JSON, readable with any consumer.
     */
    public static BinaryStateSerde<NetworkStatus> storeSerde() {
        return BinaryStateSerde.of(NetworkStatus.class, new BinaryStateSerde.Codec<>() {
            @Override
            public void write(NetworkStatus s, BinaryStateSerde.Writer out) {
                out.writeString(s.country);
                out.writeLong(s.asn);
                out.writeString(s.networkType);
                out.writeLong(s.windowStart);
                out.writeLong(s.windowEnd);
                out.writeInt(s.revision);
                out.writeBoolean(s.silent);
                out.writeLong(s.lastHeardAt);
                out.writeInt(s.activeProbes);
                out.writeInt(s.platforms == null ? -1 : s.platforms.size());
                if (s.platforms != null) {
                    for (PlatformVerdict v : s.platforms) {
                        writeVerdict(v, out);
                    }
                }
                out.writeInt(s.sparse == null ? -1 : s.sparse.votes().size());
                if (s.sparse != null) {
                    out.writeLong(s.sparse.newest());
                    for (SparseTally.Vote v : s.sparse.votes()) {
                        out.writeString(v.platform());
                        out.writeString(v.report());
                        out.writeLong(v.time());
                        out.writeBoolean(v.failed());
                        out.writeInt(v.measurements());
                        out.writeCounts(v.outcomes());
                        out.writeStrings(v.samples());
                    }
                }
                out.writeInt(s.regions.size());
                for (RegionStatus r : s.regions) {
                    out.writeString(r.region());
                    out.writeInt(r.probes());
                    out.writeBoolean(r.silent());
                    out.writeLong(r.lastHeardAt());
                    out.writeInt(r.platforms().size());
                    for (RegionVerdict v : r.platforms()) {
                        out.writeString(v.platform());
                        out.writeString(v.state() == null ? null : v.state().name());
                        out.writeInt(v.abnormalWindows());
                        out.writeDouble(v.failureRate());
                        out.writeInt(v.probes());
                        out.writeInt(v.failingProbes());
                        out.writeLong(v.measurements());
                    }
                }
                // verified probes per verdict, after everything older readers know (they stop before it)
                out.writeInt(s.platforms == null ? 0 : s.platforms.size());
                if (s.platforms != null) {
                    for (PlatformVerdict v : s.platforms) {
                        out.writeInt(v.verifiedProbes() == null ? -1 : v.verifiedProbes());
                    }
                }
                out.writeBoolean(s.late != null);
                if (s.late != null) {
                    writeLate(s.late, out);
                }
            }

            @Override
            public NetworkStatus read(BinaryStateSerde.Reader in) {
                String country = in.readString();
                long asn = in.readLong();
                String networkType = in.readString();
                long windowStart = in.readLong();
                long windowEnd = in.readLong();
                int revision = in.readInt();
                boolean silent = in.readBoolean();
                long lastHeardAt = in.readLong();
                int activeProbes = in.readInt();
                List<PlatformVerdict> platforms = null;
                int n = in.readInt();
                if (n >= 0) {
                    platforms = new ArrayList<>(Math.min(n, 64));
                    for (int i = 0; i < n; i++) {
                        platforms.add(readVerdict(in));
                    }
                }
                SparseTally sparse = null;
                int votes = in.atEnd() ? -1 : in.readInt(); // statuses stored before sparse votes existed end here
                if (votes >= 0) {
                    long newest = in.readLong();
                    List<SparseTally.Vote> list = new ArrayList<>(Math.min(votes, 1024));
                    for (int i = 0; i < votes; i++) {
                        list.add(new SparseTally.Vote(
                                in.readString(),
                                in.readString(),
                                in.readLong(),
                                in.readBoolean(),
                                in.readInt(),
                                in.readCounts(),
                                in.readStrings()));
                    }
                    sparse = new SparseTally(newest, list);
                }
                List<RegionStatus> regions = new ArrayList<>();
                for (int r = in.atEnd() ? 0 : in.readCount(), i = 0;
                        i < r;
                        i++) { // statuses stored before regions end here
                    String region = in.readString();
                    int probes = in.readInt();
                    boolean regionSilent = in.readBoolean();
                    long regionHeard = in.readLong();
                    List<RegionVerdict> verdicts = new ArrayList<>();
                    for (int v = in.readCount(), j = 0; j < v; j++) {
                        String platform = in.readString();
                        String state = in.readString();
                        verdicts.add(new RegionVerdict(
                                platform,
                                state == null ? null : VerdictState.valueOf(state),
                                in.readInt(),
                                in.readDouble(),
                                in.readInt(),
                                in.readInt(),
                                in.readLong()));
                    }
                    regions.add(new RegionStatus(region, probes, regionSilent, regionHeard, verdicts));
                }
                int verified = in.atEnd() ? 0 : in.readInt(); // statuses stored before verified probes existed end here
                for (int i = 0; i < verified && platforms != null && i < platforms.size(); i++) {
                    int v = in.readInt();
                    platforms.set(i, platforms.get(i).withVerifiedProbes(v < 0 ? null : v));
                }
                LateEvidence late =
                        !in.atEnd() && in.readBoolean() ? readLate(in) : null; // stored before late evidence: ends here
                return new NetworkStatus(
                        country,
                        asn,
                        networkType,
                        windowStart,
                        windowEnd,
                        revision,
                        silent,
                        lastHeardAt,
                        activeProbes,
                        platforms,
                        sparse,
                        regions,
                        late);
            }
        });
    }

    private static void writeLate(LateEvidence l, BinaryStateSerde.Writer out) {
        out.writeLong(l.measurements());
        out.writeLong(l.firstEventTime());
        out.writeLong(l.lastEventTime());
        out.writeInt(l.windows().size());
        for (LateEvidence.Window w : l.windows()) {
            out.writeLong(w.windowStart());
            out.writeInt(w.platforms().size());
            for (LateEvidence.PlatformCount p : w.platforms()) {
                out.writeString(p.platform());
                out.writeInt(p.measurements());
                out.writeInt(p.failing());
                out.writeInt(p.failingProbes());
                out.writeLong(p.firstFailing());
                out.writeLong(p.lastFailing());
            }
        }
    }

    private static LateEvidence readLate(BinaryStateSerde.Reader in) {
        long measurements = in.readLong();
        long first = in.readLong();
        long last = in.readLong();
        List<LateEvidence.Window> windows = new ArrayList<>();
        for (int n = in.readCount(), i = 0; i < n; i++) {
            long start = in.readLong();
            List<LateEvidence.PlatformCount> platforms = new ArrayList<>();
            for (int m = in.readCount(), j = 0; j < m; j++) {
                platforms.add(new LateEvidence.PlatformCount(
                        in.readString(), in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readLong()));
            }
            windows.add(new LateEvidence.Window(start, platforms));
        }
        return new LateEvidence(measurements, first, last, windows);
    }

    private static void writeVerdict(PlatformVerdict v, BinaryStateSerde.Writer out) {
        out.writeString(v.platform());
        out.writeString(v.state() == null ? null : v.state().name());
        out.writeDouble(v.confidence());
        out.writeInt(v.abnormalWindows());
        out.writeDouble(v.failureRate());
        out.writeDouble(v.slowRate());
        out.writeInt(v.probes());
        out.writeInt(v.failingProbes());
        out.writeLong(v.measurements());
        out.writeLong(v.lateMeasurements());
        out.writeCounts(v.outcomes());
        out.writeNullableDouble(v.latencyMedianMs());
        out.writeNullableDouble(v.latencyP90Ms());
        out.writeNullableDouble(v.baselineLatencyMs());
        out.writeNullableDouble(v.latencyRatio());
        out.writeNullableDouble(v.throughputMedianBps());
        out.writeStrings(v.sampleMeasurementIds());
        out.writeStrings(v.dnsAnswers());
        out.writeStrings(v.regions());
    }

    private static PlatformVerdict readVerdict(BinaryStateSerde.Reader in) {
        String platform = in.readString();
        String state = in.readString();
        double confidence = in.readDouble();
        int abnormalWindows = in.readInt();
        double failureRate = in.readDouble();
        double slowRate = in.readDouble();
        int probes = in.readInt();
        int failingProbes = in.readInt();
        long measurements = in.readLong();
        long lateMeasurements = in.readLong();
        Map<String, Long> outcomes = in.readCounts();
        return new PlatformVerdict(
                platform,
                state == null ? null : VerdictState.valueOf(state),
                confidence,
                abnormalWindows,
                failureRate,
                slowRate,
                probes,
                failingProbes,
                measurements,
                lateMeasurements,
                outcomes,
                in.readNullableDouble(),
                in.readNullableDouble(),
                in.readNullableDouble(),
                in.readNullableDouble(),
                in.readNullableDouble(),
                in.readStrings(),
                in.readStrings(),
                in.readStrings());
    }
}
