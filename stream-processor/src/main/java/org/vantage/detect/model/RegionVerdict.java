package org.vantage.detect.model;

/**
 * The verdict for one platform (or the control targets) among the probes of one region of one network in one
 * window: the network's rules applied to the region's probes only. Compact, because every region of every
 * network travels to the country stage each window; the country stage pools these figures over the networks
 * of a type in a region when one network alone has too few probes there.
 *
 * @param failureRate     probe-weighted failure rate of the region's probes (one vote per probe)
 * @param probes          distinct probes of the region that measured the platform
 * @param failingProbes   probes whose own failure rate is above one half
 * @param measurements    measurements counted (within the per-probe cap)
 */
public record RegionVerdict(
        String platform,
        VerdictState state,
        int abnormalWindows,
        double failureRate,
        int probes,
        int failingProbes,
        long measurements) {

    static RegionVerdict of(PlatformVerdict v) {
        return new RegionVerdict(
                v.platform(),
                v.state(),
                v.abnormalWindows(),
                v.failureRate(),
                v.probes(),
                v.failingProbes(),
                v.measurements());
    }

    public boolean disrupted() {
        return state == VerdictState.DISRUPTED;
    }
}
