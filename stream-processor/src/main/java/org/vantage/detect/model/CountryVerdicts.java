package org.vantage.detect.model;

import java.util.List;

/**
 * One country's verdicts on every platform it observed in one window, sent together to the global stage: the global
 * stage knows a country has reported a window only once all of its verdicts of that window are in.
 */
public record CountryVerdicts(String country, long windowEnd, List<CountryPlatformVerdict> verdicts) {

    public CountryVerdicts {
        verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
    }
}
