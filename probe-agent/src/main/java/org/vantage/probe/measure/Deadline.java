package org.vantage.probe.measure;

import java.time.Duration;

/** A point in monotonic time by which a phase must finish; used to bound reads that loop. */
final class Deadline {
    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** Remaining milliseconds, at least 1 while time remains, 0 once expired. */
    int remainingMillis() {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000));
    }

    boolean expired() {
        return deadlineNanos - System.nanoTime() <= 0;
    }
}
