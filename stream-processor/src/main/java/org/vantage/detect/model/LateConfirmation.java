package org.vantage.detect.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How much late evidence (measurements later than the grace period) revised an incident's record, summed over every
 * revision: becomes the alert's {@code late_evidence}.
 *
 * @param measurements   late measurements of the incident's networks, of the kind it is about (control for an outage, its
 *                       platforms for a restriction), taken during the incident
 * @param confirming     of those, the ones that failed the way the incident says, in windows where enough probes agreed
 * @param networks       ASNs whose late measurements confirmed it
 * @param firstEventTime event time of the earliest confirming measurement
 * @param lastEventTime  event time of the latest confirming measurement
 */
public record LateConfirmation(
        long measurements, long confirming, List<Long> networks, long firstEventTime, long lastEventTime) {

    public LateConfirmation {
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /** This confirmation (null: none yet) with one more network's late evidence added. */
    public static LateConfirmation add(
            LateConfirmation sum, long asn, long measurements, long confirming, long first, long last) {
        if (sum == null) {
            return new LateConfirmation(measurements, confirming, List.of(asn), first, last);
        }
        List<Long> networks = new ArrayList<>(sum.networks);
        if (!networks.contains(asn)) {
            networks.add(asn);
            networks.sort(null);
        }
        return new LateConfirmation(
                sum.measurements + measurements,
                sum.confirming + confirming,
                networks,
                Math.min(sum.firstEventTime, first),
                Math.max(sum.lastEventTime, last));
    }
}
