package org.vantage.detect.model;

import java.util.List;

/**
 * One region of one network (the probes that report that region), inside a {@link NetworkStatus}: its verdicts
 * for the window, or the fact that all of its probes fell silent, or came back.
 *
 * @param probes      probes of the region: that measured in the window, or that fell silent
 * @param silent      true when every probe of the region stopped sending while others of the network still send
 * @param lastHeardAt event time of the last sign of life of the region's probes (for a silence or a return)
 * @param platforms   verdicts per platform, control first; empty for a silence or a return
 */
public record RegionStatus(String region, int probes, boolean silent, long lastHeardAt, List<RegionVerdict> platforms) {

    public RegionStatus {
        platforms = platforms == null ? List.of() : platforms;
    }

    public java.util.Optional<RegionVerdict> platform(String name) {
        return platforms.stream().filter(v -> v.platform().equals(name)).findFirst();
    }

    /** The region's verdicts from the network's verdicts on the region's probes alone. */
    public static RegionStatus judged(String region, int probes, long lastHeardAt, List<PlatformVerdict> verdicts) {
        return new RegionStatus(
                region,
                probes,
                false,
                lastHeardAt,
                verdicts.stream().map(RegionVerdict::of).toList());
    }
}
