package org.vantage.detect.window;

import java.util.Arrays;

/**
 * One probe's measurements of one platform in one window. Kept per probe so that no single probe can
 * outvote the others: the window's failure rate is the mean of the probes' own failure rates. It also holds
 * the hashed ids of the measurements it counted (at most the per-probe cap), which is how duplicates are
 * recognised.
 */
public final class ProbeTally {
    public int total;
    public int failed;
    public int slow;
    public String region;
    /** Hashes of the ids counted so far; the first {@link #total} entries are used. */
    public long[] ids = new long[0];

    public ProbeTally() {}

    boolean counted(long idHash) {
        for (int i = 0; i < total && i < ids.length; i++) {
            if (ids[i] == idHash) {
                return true;
            }
        }
        return false;
    }

    void count(long idHash) {
        if (ids.length <= total) {
            ids = Arrays.copyOf(ids, Math.max(total + 4, ids.length * 2));
        }
        ids[total++] = idHash;
    }

    public double failureRate() {
        return total == 0 ? 0.0 : (double) failed / total;
    }

    public double slowRate() {
        return total == 0 ? 0.0 : (double) slow / total;
    }
}
