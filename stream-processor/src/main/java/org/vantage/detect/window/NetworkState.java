package org.vantage.detect.window;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vantage.detect.serde.BinaryStateSerde;

/**
 * Per-network bookkeeping of the windowing processor: the network's own event-time watermark (advanced
 * only by validated records), which windows are open and whether their summary was emitted, and when each
 * probe was last heard from (wall clock, for silence detection).
 */
public final class NetworkState {
    public String country;
    public long asn;
    public String networkType;
    /** Highest validated event time seen from this network. */
    public long watermark = Long.MIN_VALUE;

    public long lastHeardEventTime;
    /** Event time the network was first heard from (0: not tracked yet). */
    public long firstEventTime;

    public Map<Long, WindowFlags> windows = new TreeMap<>();
    /** By probe id; a hash map, as it is looked up for every measurement. */
    public Map<String, ProbeSeen> probes = new HashMap<>();

    public boolean silent;
    /** Regions all of whose probes fell silent while the network as a whole still sends. */
    public Set<String> silentRegions = new TreeSet<>();
    /** Per platform: consecutive abnormal windows up to {@code abnormalUntil} (a window start). */
    public Map<String, Streak> streaks = new TreeMap<>();
    /**
     * The earliest watermark at which a window becomes due (first judgement or close), so that the windows are not
     * walked for every measurement; {@link Long#MIN_VALUE}: not known (after a restore), walk them. Not stored.
     */
    @JsonIgnore
    public transient long nextDue = Long.MIN_VALUE;

    public NetworkState() {}

    public static NetworkState of(String country, long asn) {
        NetworkState s = new NetworkState();
        s.country = country;
        s.asn = asn;
        return s;
    }

    public static final class WindowFlags {
        /** Judged: at its close, or earlier when the network fell silent; later measurements of it are late evidence. */
        public boolean emitted;
        /** Not set: a window is judged once. Kept in the stored format. */
        public boolean dirty;
        /** Always 0: a window is judged once. Kept in the stored format. */
        public int revision;
        /** Platforms with a summary in this window, so the window's summaries are found without a store scan. */
        public Set<String> platforms = new TreeSet<>();
        /** Store keys of this window's summaries by platform, built once per key instead of per measurement; not stored. */
        @JsonIgnore
        transient Map<String, String> summaryKeys;

        public String summaryKey(String networkKey, long windowStart, String platform) {
            if (summaryKeys == null) {
                summaryKeys = new HashMap<>();
            }
            String key = summaryKeys.get(platform);
            if (key == null) {
                key = SummaryKeys.of(networkKey, windowStart, platform);
                summaryKeys.put(platform, key);
            }
            return key;
        }

        public WindowFlags() {}
    }

    public static final class Streak {
        public long windowStart;
        public int windows;

        public Streak() {}
    }

    public static final class ProbeSeen {
        /** Event time the probe was first heard from (0: before this was tracked, so it counts as established). */
        public long firstEventTime;

        public long lastWallClock;
        public long lastEventTime;
        /** The region the probe last reported (measurements and heartbeats carry it), or null. */
        public String region;
        /**
         * The probe's id as this network holds it (the key of {@link #probes}), so that every window summary of the
         * network shares one string per probe instead of keeping the copy decoded with each measurement: fewer
         * objects to collect and to walk at each write-back. Not stored (it is the key); null until known.
         */
        @JsonIgnore
        public transient String id;

        public ProbeSeen() {}
    }

    /** The store's value format: every field above, in order (see {@link BinaryStateSerde}). */
    public static BinaryStateSerde<NetworkState> serde() {
        return BinaryStateSerde.of(NetworkState.class, new BinaryStateSerde.Codec<>() {
            @Override
            public void write(NetworkState s, BinaryStateSerde.Writer out) {
                out.writeString(s.country);
                out.writeLong(s.asn);
                out.writeString(s.networkType);
                out.writeLong(s.watermark);
                out.writeLong(s.lastHeardEventTime);
                out.writeLong(s.firstEventTime);
                out.writeInt(s.windows.size());
                for (Map.Entry<Long, WindowFlags> e : s.windows.entrySet()) {
                    WindowFlags f = e.getValue();
                    out.writeLong(e.getKey());
                    out.writeBoolean(f.emitted);
                    out.writeBoolean(f.dirty);
                    out.writeInt(f.revision);
                    out.writeInt(f.platforms.size());
                    for (String platform : f.platforms) {
                        out.writeString(platform);
                    }
                }
                out.writeInt(s.probes.size());
                for (Map.Entry<String, ProbeSeen> e : s.probes.entrySet()) {
                    ProbeSeen p = e.getValue();
                    out.writeString(e.getKey());
                    out.writeLong(p.firstEventTime);
                    out.writeLong(p.lastWallClock);
                    out.writeLong(p.lastEventTime);
                }
                out.writeBoolean(s.silent);
                out.writeInt(s.streaks.size());
                for (Map.Entry<String, Streak> e : s.streaks.entrySet()) {
                    out.writeString(e.getKey());
                    out.writeLong(e.getValue().windowStart);
                    out.writeInt(e.getValue().windows);
                }
                // appended after the fields above, so that states stored before regions existed still read
                int withRegion = (int)
                        s.probes.values().stream().filter(p -> p.region != null).count();
                out.writeInt(withRegion);
                for (Map.Entry<String, ProbeSeen> e : s.probes.entrySet()) {
                    if (e.getValue().region != null) {
                        out.writeString(e.getKey());
                        out.writeString(e.getValue().region);
                    }
                }
                out.writeStrings(List.copyOf(s.silentRegions));
            }

            @Override
            public NetworkState read(BinaryStateSerde.Reader in) {
                NetworkState s = of(in.readString(), in.readLong());
                s.networkType = in.readString();
                s.watermark = in.readLong();
                s.lastHeardEventTime = in.readLong();
                s.firstEventTime = in.readLong();
                for (int n = in.readCount(), i = 0; i < n; i++) {
                    long start = in.readLong();
                    WindowFlags f = new WindowFlags();
                    f.emitted = in.readBoolean();
                    f.dirty = in.readBoolean();
                    f.revision = in.readInt();
                    for (int m = in.readCount(), j = 0; j < m; j++) {
                        f.platforms.add(in.readString());
                    }
                    s.windows.put(start, f);
                }
                for (int n = in.readCount(), i = 0; i < n; i++) {
                    String probe = in.readString();
                    ProbeSeen p = new ProbeSeen();
                    p.firstEventTime = in.readLong();
                    p.lastWallClock = in.readLong();
                    p.lastEventTime = in.readLong();
                    p.id = probe;
                    s.probes.put(probe, p);
                }
                s.silent = in.readBoolean();
                for (int n = in.readCount(), i = 0; i < n; i++) {
                    String platform = in.readString();
                    Streak streak = new Streak();
                    streak.windowStart = in.readLong();
                    streak.windows = in.readInt();
                    s.streaks.put(platform, streak);
                }
                if (!in.atEnd()) {
                    for (int n = in.readCount(), i = 0; i < n; i++) {
                        ProbeSeen p = s.probes.get(in.readString());
                        String region = in.readString();
                        if (p != null) {
                            p.region = region;
                        }
                    }
                    s.silentRegions.addAll(in.readStrings());
                }
                return s;
            }
        });
    }
}
