package org.vantage.detect.model;

/**
 * Consecutive windows (ending at {@code windowEnd}) a pool of a region's probes showed a failure; kept in the
 * country's state ({@link CountryState#regionStreaks}).
 */
public final class RegionStreak {
    public long windowEnd;
    public int windows;

    public RegionStreak() {}
}
