package org.vantage.detect.verdict;

import java.util.List;
import java.util.Optional;
import org.vantage.detect.config.DetectionThresholds;

/**
 * Everything the per-country stage needs about one network for one window: a verdict per platform and
 * for the control targets, or the fact that the network's probes fell silent. Topic
 * {@code vantage.network-status.v1}, key = country; one record per network and window, re-emitted with a
 * higher {@code revision} when late measurements change a window within its grace period.
 *
 * @param silent        true when all of the network's probes stopped sending (wall-clock punctuation)
 * @param lastHeardAt   event time of the last measurement or heartbeat from the network
 * @param activeProbes  probes heard from recently (before the silence, for a silent status)
 */
public record NetworkStatus(
        String country,
        long asn,
        String networkType,
        long windowStart,
        long windowEnd,
        int revision,
        boolean silent,
        long lastHeardAt,
        int activeProbes,
        List<PlatformVerdict> platforms) {

    public String networkKey() {
        return country + ":" + asn;
    }

    public Optional<PlatformVerdict> control() {
        return platform(DetectionThresholds.CONTROL);
    }

    public Optional<PlatformVerdict> platform(String name) {
        return platforms == null ? Optional.empty()
                : platforms.stream().filter(v -> v.platform().equals(name)).findFirst();
    }

    /** The network itself fails: its control targets are disrupted (or it fell silent). */
    public boolean networkDown() {
        return silent || control().map(PlatformVerdict::disrupted).orElse(false);
    }
}
