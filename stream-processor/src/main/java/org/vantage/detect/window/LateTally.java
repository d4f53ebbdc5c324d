package org.vantage.detect.window;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vantage.detect.model.LateEvidence;
import org.vantage.detect.serde.BinaryStateSerde;

/**
 * A network's measurements later than the grace period, waiting to be handed to the country stage: counts per window
 * and platform (no sketches, no per-probe caps: they only confirm or not what the live windows decided), and the
 * hashed ids of the late measurements counted, so that a spool sent again is counted once.
 *
 * <p>The counts are drained into one {@link LateEvidence} at a time; the ids outlive the drain (a spool is often
 * re-sent after it was counted), bounded in number ({@link #MAX_IDS}, oldest first out) and in age (dropped once
 * older than the late horizon, as no measurement that old is taken any more).
 */
public final class LateTally {
    /** Ids remembered per network: a spool of a few hours of a few probes; beyond, the oldest are forgotten first. */
    static final int MAX_IDS = 4096;
    /** Windows tallied per drain: a day of one-minute windows. */
    static final int MAX_WINDOWS = 1440;

    public long measurements;
    public long firstEventTime;
    public long lastEventTime;
    /** Wall clock when the first measurement of the pending counts arrived; 0 when nothing is pending. */
    public long pendingSince;
    /** Window start -> platform -> counts. */
    public Map<Long, Map<String, Count>> windows = new TreeMap<>();
    /** Hashed measurement id -> event time, in order of arrival. */
    public LinkedHashMap<Long, Long> ids = new LinkedHashMap<>();

    public enum Added {
        COUNTED,
        DUPLICATE,
        FULL
    }

    public static final class Count {
        public int measurements;
        public int failing;
        public long firstFailing;
        public long lastFailing;
        public Set<String> failingProbes = new TreeSet<>();

        public Count() {}
    }

    public LateTally() {}

    /** The store's value format: every field above, in order (see {@link BinaryStateSerde}). */
    public static BinaryStateSerde<LateTally> serde() {
        return BinaryStateSerde.of(LateTally.class, new BinaryStateSerde.Codec<>() {
            @Override
            public void write(LateTally l, BinaryStateSerde.Writer out) {
                out.writeLong(l.measurements);
                out.writeLong(l.firstEventTime);
                out.writeLong(l.lastEventTime);
                out.writeLong(l.pendingSince);
                out.writeInt(l.windows.size());
                for (Map.Entry<Long, Map<String, Count>> w : l.windows.entrySet()) {
                    out.writeLong(w.getKey());
                    out.writeInt(w.getValue().size());
                    for (Map.Entry<String, Count> e : w.getValue().entrySet()) {
                        Count c = e.getValue();
                        out.writeString(e.getKey());
                        out.writeInt(c.measurements);
                        out.writeInt(c.failing);
                        out.writeLong(c.firstFailing);
                        out.writeLong(c.lastFailing);
                        out.writeStrings(List.copyOf(c.failingProbes));
                    }
                }
                out.writeInt(l.ids.size());
                for (Map.Entry<Long, Long> e : l.ids.entrySet()) {
                    out.writeLong(e.getKey());
                    out.writeLong(e.getValue());
                }
            }

            @Override
            public LateTally read(BinaryStateSerde.Reader in) {
                LateTally l = new LateTally();
                l.measurements = in.readLong();
                l.firstEventTime = in.readLong();
                l.lastEventTime = in.readLong();
                l.pendingSince = in.readLong();
                for (int n = in.readCount(), i = 0; i < n; i++) {
                    long start = in.readLong();
                    Map<String, Count> window = new TreeMap<>();
                    for (int m = in.readCount(), j = 0; j < m; j++) {
                        String platform = in.readString();
                        Count c = new Count();
                        c.measurements = in.readInt();
                        c.failing = in.readInt();
                        c.firstFailing = in.readLong();
                        c.lastFailing = in.readLong();
                        c.failingProbes.addAll(in.readStrings());
                        window.put(platform, c);
                    }
                    l.windows.put(start, window);
                }
                for (int n = in.readCount(), i = 0; i < n; i++) {
                    l.ids.put(in.readLong(), in.readLong());
                }
                return l;
            }
        });
    }

    /** Counts one late measurement unless its id was counted before; {@code FULL} when it would open one window too many. */
    public Added add(
            String measurementId,
            String probeId,
            String platform,
            boolean failed,
            long eventTime,
            long windowStart,
            long wallClock) {
        long id = WindowSummary.idHash(measurementId);
        if (ids.containsKey(id)) {
            return Added.DUPLICATE;
        }
        Map<String, Count> window = windows.get(windowStart);
        if (window == null) {
            if (windows.size() >= MAX_WINDOWS) {
                return Added.FULL;
            }
            window = new TreeMap<>();
            windows.put(windowStart, window);
        }
        if (ids.size() >= MAX_IDS) {
            Iterator<Long> oldest = ids.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        ids.put(id, eventTime);
        Count c = window.computeIfAbsent(platform, p -> new Count());
        c.measurements++;
        if (failed) {
            c.failing++;
            c.firstFailing = c.firstFailing == 0 ? eventTime : Math.min(c.firstFailing, eventTime);
            c.lastFailing = Math.max(c.lastFailing, eventTime);
            c.failingProbes.add(probeId);
        }
        if (measurements == 0) {
            firstEventTime = eventTime;
            lastEventTime = eventTime;
            pendingSince = wallClock;
        } else {
            firstEventTime = Math.min(firstEventTime, eventTime);
            lastEventTime = Math.max(lastEventTime, eventTime);
        }
        measurements++;
        return Added.COUNTED;
    }

    /** Whether counts wait to be drained. */
    public boolean pending() {
        return measurements > 0;
    }

    /** Nothing pending and no id remembered: the tally can go. */
    public boolean isEmpty() {
        return measurements == 0 && ids.isEmpty();
    }

    /** Forgets the ids of measurements older than {@code horizonStart}: none that old is taken any more. */
    public void forgetBefore(long horizonStart) {
        ids.values().removeIf(time -> time < horizonStart);
    }

    /**
     * The pending counts as evidence for the country stage; they are cleared, and ids of measurements older than
     * {@code horizonStart} forgotten.
     */
    public LateEvidence drain(long horizonStart) {
        List<LateEvidence.Window> out = new ArrayList<>(windows.size());
        for (Map.Entry<Long, Map<String, Count>> w : windows.entrySet()) {
            List<LateEvidence.PlatformCount> platforms =
                    new ArrayList<>(w.getValue().size());
            w.getValue()
                    .forEach((platform, c) -> platforms.add(new LateEvidence.PlatformCount(
                            platform,
                            c.measurements,
                            c.failing,
                            c.failingProbes.size(),
                            c.firstFailing,
                            c.lastFailing)));
            out.add(new LateEvidence.Window(w.getKey(), platforms));
        }
        LateEvidence evidence = new LateEvidence(measurements, firstEventTime, lastEventTime, out);
        measurements = 0;
        firstEventTime = 0;
        lastEventTime = 0;
        pendingSince = 0;
        windows.clear();
        forgetBefore(horizonStart);
        return evidence;
    }
}
