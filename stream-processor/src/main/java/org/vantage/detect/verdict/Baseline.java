package org.vantage.detect.verdict;

/**
 * What is normal for one platform on one network: an exponential moving average of the window's median
 * latency (in log space, so one slow window moves it multiplicatively, not additively) and of the
 * failure rate. It learns only from windows judged healthy, so a disruption never becomes the new normal,
 * and is not used for slowness before {@code minWindows} healthy windows (cold start).
 */
public final class Baseline {
    public int windows;
    public double logLatencyMs;
    public double failureRate;

    public Baseline() {}

    public static Baseline empty() {
        return new Baseline();
    }

    public boolean ready(int minWindows) {
        return windows >= minWindows;
    }

    /** Median latency the baseline expects, or null before it learned anything. */
    public Double latencyMs() {
        return windows == 0 ? null : Math.exp(logLatencyMs);
    }

    /**
     * Learns from one healthy window. The first windows are averaged plainly so the cold-start value is
     * not dominated by the very first window; afterwards {@code alpha} weighs the new window.
     */
    public Baseline learn(Double medianLatencyMs, double windowFailureRate, double alpha) {
        if (medianLatencyMs == null || medianLatencyMs <= 0) {
            return this;
        }
        double weight = Math.max(alpha, 1.0 / (windows + 1));
        double log = Math.log(medianLatencyMs);
        logLatencyMs = windows == 0 ? log : logLatencyMs + weight * (log - logLatencyMs);
        failureRate = windows == 0 ? windowFailureRate : failureRate + weight * (windowFailureRate - failureRate);
        windows++;
        return this;
    }

    /** Window median over the baseline median, or null when the baseline is not ready or the window has no latency. */
    public Double latencyRatio(Double medianLatencyMs, int minWindows) {
        if (!ready(minWindows) || medianLatencyMs == null) {
            return null;
        }
        return medianLatencyMs / Math.exp(logLatencyMs);
    }
}
