package org.vantage.probe.measure;

/** Monotonic stopwatch reporting whole milliseconds for {@code PhaseTimings}. */
final class Elapsed {
    private final long startNanos;

    private Elapsed(long startNanos) {
        this.startNanos = startNanos;
    }

    static Elapsed start() {
        return new Elapsed(System.nanoTime());
    }

    long nanos() {
        return System.nanoTime() - startNanos;
    }

    int millis() {
        return toMillis(nanos());
    }

    static int toMillis(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, nanos / 1_000_000));
    }
}
