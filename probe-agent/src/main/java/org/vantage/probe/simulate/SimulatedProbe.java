package org.vantage.probe.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vantage.schema.NetworkType;

/**
 * One virtual probe of the simulated fleet.
 *
 * @param phaseMs   offset of this probe's rounds within the interval, so probes do not all measure at once
 */
public record SimulatedProbe(
        String probeId,
        String country,
        long asn,
        String networkName,
        String region,
        NetworkType networkType,
        Behaviour behaviour,
        long phaseMs) {

    /** How honest and healthy the vantage point is. */
    public enum Behaviour {
        NORMAL,
        /** Broken vantage point: every measurement fails. */
        FLAKY,
        /** Reports platforms as blocked when they are not. */
        FAKING
    }

    /**
     * Builds the fleet of a scenario deterministically from its seed: probes per network (ids
     * {@code sim-<cc>-as<asn>-<n>}), regions round robin, phases spread over the first half of the interval,
     * and the flaky and faking probes picked at random.
     */
    public static List<SimulatedProbe> fleet(Scenario s) {
        Random rnd = new Random(s.seed());
        long half = Math.max(1, s.interval().toMillis() / 2);
        List<SimulatedProbe> out = new ArrayList<>();
        for (Scenario.Network n : s.networks()) {
            for (int i = 0; i < n.probes(); i++) {
                String region = n.regions().isEmpty()
                        ? null
                        : n.regions().get(i % n.regions().size());
                out.add(new SimulatedProbe(
                        String.format("sim-%s-as%d-%03d", n.country().toLowerCase(), n.asn(), i + 1),
                        n.country(),
                        n.asn(),
                        n.name(),
                        region,
                        n.type(),
                        Behaviour.NORMAL,
                        (long) (rnd.nextDouble() * half)));
            }
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            idx.add(i);
        }
        java.util.Collections.shuffle(idx, rnd);
        int k = 0;
        for (int j = 0; j < s.baseline().flakyProbes(); j++, k++) {
            out.set(idx.get(k), out.get(idx.get(k)).with(Behaviour.FLAKY));
        }
        for (int j = 0; j < s.baseline().fakingProbes(); j++, k++) {
            out.set(idx.get(k), out.get(idx.get(k)).with(Behaviour.FAKING));
        }
        return out;
    }

    SimulatedProbe with(Behaviour b) {
        return new SimulatedProbe(probeId, country, asn, networkName, region, networkType, b, phaseMs);
    }
}
