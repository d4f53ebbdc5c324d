package org.vantage.detect.window;

/**
 * One probe's measurements of one platform in one window. Kept per probe so that no single probe can
 * outvote the others: the window's failure rate is the mean of the probes' own failure rates.
 */
public final class ProbeTally {
    public int total;
    public int failed;
    public int slow;
    public String region;

    public ProbeTally() {
    }

    public double failureRate() {
        return total == 0 ? 0.0 : (double) failed / total;
    }

    public double slowRate() {
        return total == 0 ? 0.0 : (double) slow / total;
    }
}
