package org.vantage.detect.window;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    public Map<String, ProbeSeen> probes = new TreeMap<>();
    public boolean silent;
    /** Per platform: consecutive abnormal windows up to {@code abnormalUntil} (a window start). */
    public Map<String, Streak> streaks = new TreeMap<>();

    public NetworkState() {
    }

    public static NetworkState of(String country, long asn) {
        NetworkState s = new NetworkState();
        s.country = country;
        s.asn = asn;
        return s;
    }

    public static final class WindowFlags {
        public boolean emitted;
        public boolean dirty;
        public int revision;
        /** Platforms with a summary in this window, so the window's summaries are found without a store scan. */
        public Set<String> platforms = new TreeSet<>();

        public WindowFlags() {
        }
    }

    public static final class Streak {
        public long windowStart;
        public int windows;

        public Streak() {
        }
    }

    public static final class ProbeSeen {
        /** Event time the probe was first heard from (0: before this was tracked, so it counts as established). */
        public long firstEventTime;
        public long lastWallClock;
        public long lastEventTime;

        public ProbeSeen() {
        }
    }
}
