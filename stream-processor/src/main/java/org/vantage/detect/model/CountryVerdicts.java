package org.vantage.detect.model;

import java.util.List;

/**
 * One country's verdicts on every platform it observed in one window, sent together to the global stage: the global
 * stage knows a country has reported a window only once all of its verdicts of that window are in.
 *
 * @param completeThrough the newest window all of the country's networks have reported, which may be later than {@code
 *                        windowEnd}: a country sends only a few windows ahead of the oldest one whose decision it waits
 *                        for, and tells how far it could go (a record with no verdicts when only that changed)
 */
public record CountryVerdicts(
        String country, long windowEnd, List<CountryPlatformVerdict> verdicts, long completeThrough) {

    public CountryVerdicts {
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
        completeThrough = Math.max(completeThrough, windowEnd);
    }

    public CountryVerdicts(String country, long windowEnd, List<CountryPlatformVerdict> verdicts) {
        this(country, windowEnd, verdicts, windowEnd);
    }
}
