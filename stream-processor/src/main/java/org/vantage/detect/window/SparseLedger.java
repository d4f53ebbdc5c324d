package org.vantage.detect.window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.model.SparseTally;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;

/**
 * A network's measurements from a sparse source (OONI) within the retention period: the per-network stage's
 * state for them (store {@code network-sparse-ledger}, JSON). At a few measurements per platform and hour
 * it stays small; it is bounded by the retention period.
 */
public final class SparseLedger {
    /** What adding a measurement did. */
    public enum Added {
        ADDED,
        DUPLICATE,
        LATE
    }

    /** One measurement, reduced to what the votes need. */
    public static final class Entry {
        public String id;
        public String report;
        public String platform;
        public long time;
        public String outcome;
    }

    public long newest = Long.MIN_VALUE;
    public List<Entry> entries = new ArrayList<>();

    /**
     * Adds a measurement unless it is a duplicate (same measurement id) or older than {@code retentionMs} behind
     * the newest one; drops entries that fell out of the retention period.
     */
    public Added add(Measurement m, long retentionMs) {
        long time = m.getEventTime().toEpochMilli();
        if (newest != Long.MIN_VALUE && time < newest - retentionMs) {
            return Added.LATE;
        }
        String id = m.getMeasurementId();
        for (Entry e : entries) {
            if (e.id.equals(id)) {
                return Added.DUPLICATE;
            }
        }
        Entry e = new Entry();
        e.id = id;
        e.report = m.getSourceReportId() != null ? m.getSourceReportId() : m.getProbeId();
        e.platform = m.getPlatform();
        e.time = time;
        e.outcome = m.getOutcome().name();
        entries.add(e);
        newest = Math.max(newest, time);
        long keepFrom = newest - retentionMs;
        entries.removeIf(x -> x.time < keepFrom);
        return Added.ADDED;
    }

    /** One vote per report and platform (see {@link SparseTally}), oldest first. */
    public SparseTally tally() {
        Map<String, List<Entry>> byVote = new LinkedHashMap<>();
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : a.id.compareTo(b.id));
        for (Entry e : sorted) {
            byVote.computeIfAbsent(e.report + "\u0000" + e.platform, k -> new ArrayList<>())
                    .add(e);
        }
        List<SparseTally.Vote> votes = new ArrayList<>();
        java.util.Set<String> brokenReports = new java.util.HashSet<>();
        for (List<Entry> es : byVote.values()) {
            SparseTally.Vote v = vote(es);
            votes.add(v);
            if (v.platform().equals(DetectionThresholds.CONTROL) && v.failed()) {
                brokenReports.add(v.report());
            }
        }
        votes.removeIf(v -> !v.platform().equals(DetectionThresholds.CONTROL) && brokenReports.contains(v.report()));
        return new SparseTally(newest, List.copyOf(votes));
    }

    private static SparseTally.Vote vote(List<Entry> es) {
        Map<String, Long> outcomes = new TreeMap<>();
        int failures = 0;
        List<String> samples = new ArrayList<>();
        for (Entry e : es) {
            outcomes.merge(e.outcome, 1L, Long::sum);
            if (failing(e.outcome)) {
                failures++;
            }
            if (samples.size() < 2) {
                samples.add(e.id);
            }
        }
        Entry first = es.get(0);
        return new SparseTally.Vote(
                first.platform,
                first.report,
                first.time,
                2 * failures > es.size(),
                es.size(),
                outcomes,
                List.copyOf(samples));
    }

    /** Slowness is not a failure: a sparse source cannot tell it from its users' own connections. */
    static boolean failing(String outcome) {
        return !outcome.equals(Outcome.OK.name()) && !outcome.equals(Outcome.THROTTLED.name());
    }
}
