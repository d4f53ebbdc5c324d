package org.vantage.detect.window;

import java.time.Duration;

/**
 * A network's event-time windows: tumbling windows of {@code window}, each judged once, when the network's watermark is
 * {@code grace} past its end. Until then a measurement of the window, in whatever order it arrives, is counted in it;
 * after that it is late evidence. So a window's judgement depends on the set of measurements that arrived within
 * grace, not on their order.
 */
public final class WindowClock {
    private final long windowMs;
    private final long graceMs;

    public WindowClock(Duration window, Duration grace) {
        this.windowMs = window.toMillis();
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

    /**
     * The watermark at which a window ending at {@code windowEnd} is judged and closes: later measurements are too late
     * for it.
     */
    public long closesAt(long windowEnd) {
        return windowEnd + graceMs;
    }

    public boolean isClosed(long windowEnd, long watermark) {
        return closesAt(windowEnd) <= watermark;
    }
}
