package org.vantage.probe.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vantage.schema.NetworkType;

/**
 * A validated fleet-simulation scenario (format: probe-agent/SCENARIOS.md). Times are scenario (event)
 * times; the simulator maps them onto wall-clock time with a speed factor.
 *
 * @param name        scenario name
 * @param start       first event time
 * @param end         end of the simulated period (exclusive)
 * @param interval    each probe measures each of its targets once per interval
 * @param heartbeatInterval time between heartbeats of one probe
 * @param seed        seed of every random choice (probe placement, noise), so runs are reproducible
 * @param platforms   platform to host names; {@code control} = sites not expected to be blocked
 * @param baseline    healthy-network behaviour and noise
 * @param networks    simulated networks with their probes
 * @param disruptions timeline of disruptions
 */
public record Scenario(
        String name,
        String description,
        Instant start,
        Instant end,
        Duration interval,
        Duration heartbeatInterval,
        long seed,
        Map<String, List<String>> platforms,
        Baseline baseline,
        List<Network> networks,
        List<Disruption> disruptions) {

    public Scenario {
        platforms = Map.copyOf(platforms);
        networks = List.copyOf(networks);
        disruptions = List.copyOf(disruptions);
    }

    /** This scenario ending {@code length} after its start (shorter runs of a long scenario). */
    public Scenario truncatedTo(Duration length) {
        Instant newEnd = start.plus(length);
        if (!newEnd.isAfter(start) || newEnd.isAfter(end)) {
            throw new IllegalArgumentException(
                    "length must be positive and at most the scenario's " + Duration.between(start, end));
        }
        return new Scenario(
                name,
                description,
                start,
                newEnd,
                interval,
                heartbeatInterval,
                seed,
                platforms,
                baseline,
                networks,
                disruptions);
    }

    public int probeCount() {
        return networks.stream().mapToInt(Network::probes).sum();
    }

    public int targetCount() {
        return platforms.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Healthy behaviour.
     *
     * @param failureRate     fraction of healthy measurements that fail anyway (random timeouts)
     * @param rttMs           median round-trip time by network type, ms
     * @param latencySpread   spread of latencies (sigma of a log-normal around the median)
     * @param throughputBps   median transfer rate by network type, bytes per second
     * @param flakyProbes     probes that report every measurement as failed (broken vantage points)
     * @param fakingProbes    probes that report platform targets as blocked although they are not
     *                        (misbehaving or malicious volunteers); control targets look fine
     */
    public record Baseline(
            double failureRate,
            Map<NetworkType, Integer> rttMs,
            double latencySpread,
            Map<NetworkType, Double> throughputBps,
            int flakyProbes,
            int fakingProbes) {}

    /**
     * A simulated network (one ASN in one country).
     *
     * @param subscribersMillions subscriber figure when a source gives one, else null (never invented)
     * @param probes              simulated probes in this network (a simulation parameter)
     * @param regions             regions the probes are spread over (round robin); empty = none reported
     */
    public record Network(
            String country,
            long asn,
            String name,
            NetworkType type,
            Double subscribersMillions,
            int probes,
            List<String> regions) {

        public String key() {
            return country + ":" + asn;
        }
    }

    /**
     * One disruption on the timeline.
     *
     * @param platforms    affected platforms (FULL_OUTAGE affects everything and ignores this)
     * @param countries    affected countries; empty = all
     * @param asns         affected ASNs; empty = all in the countries
     * @param regions      affected regions; empty = all
     * @param networkTypes affected network types; empty = all
     * @param coverage     fraction of matching measurements that are affected (1.0 = all)
     */
    public record Disruption(
            String name,
            Instant start,
            Instant end,
            Technique technique,
            Set<String> platforms,
            Set<String> countries,
            Set<Long> asns,
            Set<String> regions,
            Set<NetworkType> networkTypes,
            double coverage) {

        public boolean activeAt(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }

        public boolean affectsProbe(SimulatedProbe p) {
            return (countries.isEmpty() || countries.contains(p.country()))
                    && (asns.isEmpty() || asns.contains(p.asn()))
                    && (regions.isEmpty() || (p.region() != null && regions.contains(p.region())))
                    && (networkTypes.isEmpty() || networkTypes.contains(p.networkType()));
        }

        public boolean affectsPlatform(String platform) {
            return technique == Technique.FULL_OUTAGE || platforms.contains(platform);
        }
    }

    /** How a disruption shows in measurements. */
    public enum Technique {
        /** DNS answers NXDOMAIN for the platform's names. */
        DNS,
        /** TCP connections to the platform are reset. */
        TCP_RESET,
        /** TLS connections are reset right after the ClientHello carrying the platform's SNI. */
        TLS_SNI_RESET,
        /** HTTP requests get a block page. */
        HTTP_BLOCK_PAGE,
        /** Transfers 5-10x slower, a few hard failures. */
        THROTTLING,
        /** The platform itself is down (its servers answer 5xx or time out), wherever it is measured from. */
        SERVICE_DOWN,
        /** The network is cut off: every measurement fails, probes fall silent (no measurements, no heartbeats). */
        FULL_OUTAGE
    }
}
