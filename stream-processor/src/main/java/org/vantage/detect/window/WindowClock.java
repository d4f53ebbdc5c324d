package org.vantage.detect.window;

import java.time.Duration;

/**
 * A network's event-time windows: tumbling windows of {@code window}, judged first once the network's watermark is
 * {@code emitDelay} past a window's end, revised with late measurements until it is {@code grace} past it, closed then.
 */
public final class WindowClock {
    private final long windowMs;
    private final long emitDelayMs;
    private final long graceMs;

    public WindowClock(Duration window, Duration emitDelay, Duration grace) {
        this.windowMs = window.toMillis();
        this.emitDelayMs = emitDelay.toMillis();
        this.graceMs = grace.toMillis();
    }

    public long windowMs() {
        return windowMs;
    }

    /** Start of the window an event time falls in. */
    public long startOf(long eventTime) {
        return eventTime - Math.floorMod(eventTime, windowMs);
    }

    public long endOf(long windowStart) {
        return windowStart + windowMs;
    }

    /** The watermark at which a window ending at {@code windowEnd} is judged first. */
    public long dueAt(long windowEnd) {
        return windowEnd + emitDelayMs;
    }

    /** The watermark at which a window ending at {@code windowEnd} closes: later measurements are too late for it. */
    public long closesAt(long windowEnd) {
        return windowEnd + graceMs;
    }

    public boolean isDue(long windowEnd, long watermark) {
        return dueAt(windowEnd) <= watermark;
    }

    public boolean isClosed(long windowEnd, long watermark) {
        return closesAt(windowEnd) <= watermark;
    }
}
