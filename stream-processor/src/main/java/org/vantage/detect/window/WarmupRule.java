package org.vantage.detect.window;

import java.time.Duration;

/**
 * A probe that joins a network already observed for {@code probeWarmup} counts only once it has been heard from for
 * {@code probeWarmup} of event time, so that many fabricated probes appearing at once in monitored networks cannot
 * raise an alert before they have a history. The probes that arrive with the network (a new deployment, a cold start)
 * count at once: holding them back would only delay detection everywhere.
 */
public final class WarmupRule {
    private final long warmupMs;

    public WarmupRule(Duration probeWarmup) {
        this.warmupMs = probeWarmup.toMillis();
    }

    /**
     * Whether a measurement at {@code eventTime} of a probe ({@code seen}: its entry in the network's state, null when
     * it is new) must not count yet.
     */
    public boolean warmingUp(NetworkState st, NetworkState.ProbeSeen seen, long eventTime) {
        if (warmupMs == 0) {
            return false;
        }
        long probeFirst = seen == null ? eventTime : Math.min(seen.firstEventTime, eventTime);
        if (probeFirst == 0) {
            return false; // heard before first-seen times were kept: established
        }
        long networkFirst = st.firstEventTime == 0 ? probeFirst : Math.min(st.firstEventTime, probeFirst);
        boolean founder = probeFirst - networkFirst < warmupMs;
        return !founder && eventTime - probeFirst < warmupMs;
    }
}
