package org.vantage.probe.simulate;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;

/** What a simulation run produced: measurements by platform and outcome, heartbeats. */
public final class SimulationStats {

    private final Map<String, Map<Outcome, Long>> byPlatform = new TreeMap<>();
    private final AtomicLong measurements = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();

    synchronized void count(Measurement m) {
        byPlatform.computeIfAbsent(m.getPlatform(), k -> new TreeMap<>()).merge(m.getOutcome(), 1L, Long::sum);
        measurements.incrementAndGet();
    }

    void heartbeat() {
        heartbeats.incrementAndGet();
    }

    public long measurements() {
        return measurements.get();
    }

    public long heartbeats() {
        return heartbeats.get();
    }

    /** Copy of the counts: platform to outcome to measurements. */
    public synchronized Map<String, Map<Outcome, Long>> byPlatform() {
        Map<String, Map<Outcome, Long>> copy = new TreeMap<>();
        byPlatform.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }

    public long count(String platform, Outcome outcome) {
        return byPlatform().getOrDefault(platform, Map.of()).getOrDefault(outcome, 0L);
    }

    /** A table for the console: one line per platform with its outcome counts. */
    public synchronized String table() {
        StringBuilder sb = new StringBuilder();
        byPlatform.forEach((platform, outcomes) -> {
            sb.append(String.format("  %-10s", platform));
            outcomes.forEach((o, n) -> sb.append(' ').append(o).append('=').append(n));
            sb.append('\n');
        });
        sb.append(String.format("  total measurements=%d heartbeats=%d%n", measurements(), heartbeats()));
        return sb.toString();
    }
}
