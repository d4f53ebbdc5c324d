package org.vantage.detect.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which probes the detector believes. Probes run on volunteer hardware and declare their own network, so a
 * handful of fabricated ones could otherwise report a block anywhere; enrolled probes sign every record
 * (HMAC under a secret bound to their identity and networks at approval, see {@code ProbeAuthenticator}).
 *
 * @param mode            {@code off}: nothing is checked, every probe counts fully (development, the demo, replays of
 *                        data from before enrollment); {@code enrolled}: only records signed by an enrolled,
 *                        unrevoked probe for one of its networks count, everything else is dead-lettered (production);
 *                        {@code open}: as {@code enrolled} for signed records, while unsigned records of unenrolled
 *                        probes count at a reduced, capped weight and never towards the probes a verdict needs
 * @param openFleetWeight in {@code open} mode, the vote of one unenrolled probe relative to an enrolled one's
 * @param openFleetCap    in {@code open} mode, the most all unenrolled probes of a window weigh together, as a share of
 *                        the enrolled probes' count: below 1, unenrolled probes can never outvote the enrolled ones
 *                        (at 0.5 they move a failure rate by at most a third)
 */
public record TrustSettings(Mode mode, double openFleetWeight, double openFleetCap) {

    /** Verification mode, setting {@code VANTAGE_PROBE_TRUST}. */
    public enum Mode {
        OFF,
        OPEN,
        ENROLLED
    }

    /** How long an old MAC key stays valid after a rotation is approved ({@code vantage probes approve --cutover}). */
    public static final Duration DEFAULT_CUTOVER = Duration.ofHours(24);

    public static TrustSettings defaults() {
        return new TrustSettings(Mode.OFF, 0.25, 0.5);
    }

    public boolean checked() {
        return mode != Mode.OFF;
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (mode == null) {
            p.add("probe trust (VANTAGE_PROBE_TRUST) must be off, open or enrolled");
        }
        if (!(openFleetWeight > 0 && openFleetWeight <= 1)) {
            p.add("open-fleet weight (VANTAGE_OPEN_FLEET_WEIGHT) must be in (0, 1], got " + openFleetWeight);
        }
        if (!(openFleetCap >= 0 && openFleetCap < 1)) {
            p.add(
                    "open-fleet cap (VANTAGE_OPEN_FLEET_CAP) must be in [0, 1) so unenrolled probes never outvote enrolled ones, got "
                            + openFleetCap);
        }
        return p;
    }
}
