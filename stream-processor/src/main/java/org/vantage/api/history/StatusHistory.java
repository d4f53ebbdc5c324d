package org.vantage.api.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.vantage.detect.model.NetworkStatus;
import org.vantage.detect.model.PlatformVerdict;

/**
 * The recent per-network, per-platform statuses of every country, for the dashboard's charts on open: what
 * the detector judged each window (state, failure rate, median latency, measurements), in memory.
 *
 * <p>Bounded two ways: a country keeps the windows that end within {@code retention} of its newest window
 * (event time, so a replayed day keeps its own last hours), and at most {@code maxPointsPerCountry} network
 * windows (the oldest go first). The detector judges a window once; should a status of a higher revision of a window
 * come, it replaces the earlier one, and a lower one arriving late is ignored. Thread-safe: one writer (the feed), many readers.
 */
public final class StatusHistory {

    /** One platform's verdict in one window. */
    public record PlatformPoint(
            String platform, String state, double failureRate, Double latencyMedianMs, long measurements, int probes) {}

    /** One network's judgement of one window. */
    public record Point(
            long asn,
            String networkType,
            long windowStart,
            long windowEnd,
            int revision,
            boolean silent,
            List<PlatformPoint> platforms) {}

    private record Key(long windowStart, long asn) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(windowStart, o.windowStart);
            return c != 0 ? c : Long.compare(asn, o.asn);
        }
    }

    private final long retentionMs;
    private final int maxPointsPerCountry;
    private final Map<String, NavigableMap<Key, Point>> countries = new ConcurrentHashMap<>();

    public StatusHistory(Duration retention, int maxPointsPerCountry) {
        if (retention.isNegative() || retention.isZero() || maxPointsPerCountry < 1) {
            throw new IllegalArgumentException(
                    "history retention and size must be positive, got " + retention + " and " + maxPointsPerCountry);
        }
        this.retentionMs = retention.toMillis();
        this.maxPointsPerCountry = maxPointsPerCountry;
    }

    public Duration retention() {
        return Duration.ofMillis(retentionMs);
    }

    /** Records a status from {@code vantage.network-status.v1}. */
    public void add(NetworkStatus status) {
        if (status.isSparse() || status.isLate()) {
            // a sparse source's votes (OONI) are no window of their own (the status serves them as a source mix), nor
            // are
            // measurements later than the grace period (they revise incidents, not the windows' verdicts)
            return;
        }
        NavigableMap<Key, Point> history = countries.computeIfAbsent(status.country(), c -> new TreeMap<>());
        synchronized (history) {
            Key key = new Key(status.windowStart(), status.asn());
            Point known = history.get(key);
            if (known != null && known.revision() > status.revision()) {
                return;
            }
            long newestEnd = history.isEmpty()
                    ? status.windowEnd()
                    : Math.max(
                            status.windowEnd(), history.lastEntry().getValue().windowEnd());
            if (status.windowEnd() < newestEnd - retentionMs) {
                return;
            }
            history.put(key, point(status));
            history.values().removeIf(p -> p.windowEnd() < newestEnd - retentionMs);
            while (history.size() > maxPointsPerCountry) {
                history.pollFirstEntry();
            }
        }
    }

    /** The country's points, oldest window first (networks by ASN within a window). */
    public List<Point> country(String country) {
        NavigableMap<Key, Point> history = countries.get(country);
        if (history == null) {
            return List.of();
        }
        synchronized (history) {
            return List.copyOf(history.values());
        }
    }

    /** Per country, the end of its newest judged window (event time). */
    public Map<String, Long> newestWindowEnds() {
        Map<String, Long> out = new TreeMap<>();
        countries.forEach((country, history) -> {
            synchronized (history) {
                if (!history.isEmpty()) {
                    out.put(country, history.lastEntry().getValue().windowEnd());
                }
            }
        });
        return out;
    }

    static Point point(NetworkStatus s) {
        List<PlatformPoint> platforms = new ArrayList<>();
        if (s.platforms() != null) {
            for (PlatformVerdict v : s.platforms()) {
                platforms.add(new PlatformPoint(
                        v.platform(),
                        v.state() == null ? null : v.state().name(),
                        v.failureRate(),
                        v.latencyMedianMs(),
                        v.measurements(),
                        v.probes()));
            }
        }
        return new Point(
                s.asn(),
                s.networkType(),
                s.windowStart(),
                s.windowEnd(),
                s.revision(),
                s.silent(),
                List.copyOf(platforms));
    }
}
