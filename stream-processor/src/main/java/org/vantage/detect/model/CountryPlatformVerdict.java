package org.vantage.detect.model;

/**
 * One country's verdict on one platform for one window, sent (keyed by platform) to the global stage that
 * recognises a platform failing in several countries at once.
 */
public record CountryPlatformVerdict(
        String platform,
        String country,
        long windowEnd,
        boolean failing,
        int networksFailing,
        double affectedUserShare) {}
