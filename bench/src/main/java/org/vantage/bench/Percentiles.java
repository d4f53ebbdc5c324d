package org.vantage.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of a small sample (a few dozen latencies: no histogram needed). */
final class Percentiles {
    private Percentiles() {}

    /** The smallest value with at least {@code p} percent of the sample at or below it; NaN for no sample. */
    static double of(List<Long> sample, double p) {
        if (sample.isEmpty()) {
            return Double.NaN;
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        long[] s = sample.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, rank - 1)];
    }
}
