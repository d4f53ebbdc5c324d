package org.vantage.api.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.topics.NetworkKey;

/**
 * The probe fleet as seen in recent heartbeats, per country and network: which probes are alive or silent,
 * what they run, how far their clocks are off, how much they measure, and which networks have fewer alive
 * probes than the detector needs to judge them (coverage gaps). Pure: heartbeats and reference networks in,
 * view out.
 *
 * <p>A probe is silent when its latest heartbeat is older than {@value #MISSED_INTERVALS} of its own
 * heartbeat intervals. Age is measured against the later of the wall clock and the newest heartbeat seen, so
 * a simulated fleet whose clock runs ahead of the wall clock is judged against its own time.
 */
public record FleetView(Instant reference, int minProbes, List<NetworkFleet> networks, List<NetworkFleet> gaps) {

    public static final int MISSED_INTERVALS = 3;
    static final long DEFAULT_INTERVAL_MS = 60_000;

    /** One probe's latest heartbeat, judged. */
    public record Probe(
            String probeId,
            boolean alive,
            Instant lastSeen,
            String version,
            Long clockOffsetMs,
            double measurementsPerMinute,
            long spoolDepth,
            String configVersion,
            boolean simulated) {}

    /** One network (country + ASN) and its probes; {@code name} from the reference table when known. */
    public record NetworkFleet(
            String country, long asn, String name, String networkType, Double userShare, List<Probe> probes) {

        public int alive() {
            return (int) probes.stream().filter(Probe::alive).count();
        }

        public int silent() {
            return probes.size() - alive();
        }

        /** Versions run by the network's probes, sorted. */
        public List<String> versions() {
            return List.copyOf(new TreeSet<>(probes.stream().map(Probe::version).toList()));
        }

        /** Largest clock offset (by magnitude) reported by an alive probe, when any reported one. */
        public Long worstClockOffsetMs() {
            return probes.stream()
                    .filter(Probe::alive)
                    .map(Probe::clockOffsetMs)
                    .filter(o -> o != null)
                    .max(Comparator.comparingLong(Math::abs))
                    .orElse(null);
        }

        /** Measurement rate of the alive probes together. */
        public double measurementsPerMinute() {
            return probes.stream()
                    .filter(Probe::alive)
                    .mapToDouble(Probe::measurementsPerMinute)
                    .sum();
        }
    }

    /**
     * @param heartbeats recent heartbeats, any order, several per probe allowed (the latest counts)
     * @param reference  networks of the reference table; those without enough alive probes are gaps too
     * @param country    only this country (upper-case ISO code), or null for all
     * @param now        wall clock
     * @param minProbes  distinct alive probes a network needs (the detector's VANTAGE_MIN_PROBES)
     */
    public static FleetView of(
            Collection<ProbeHeartbeat> heartbeats,
            Collection<NetworkInfo> reference,
            String country,
            Instant now,
            int minProbes) {
        Map<String, ProbeHeartbeat> latest = new HashMap<>();
        Instant newest = now;
        for (ProbeHeartbeat hb : heartbeats) {
            if (country != null && !country.equals(hb.getCountry())) {
                continue;
            }
            latest.merge(hb.getProbeId(), hb, (a, b) -> b.getEventTime().isAfter(a.getEventTime()) ? b : a);
            if (hb.getEventTime().isAfter(newest)) {
                newest = hb.getEventTime();
            }
        }
        Instant ref = newest;
        Map<NetworkKey, NetworkInfo> known = new HashMap<>();
        for (NetworkInfo n : reference) {
            if (country == null || country.equals(n.getCountry())) {
                known.put(new NetworkKey(n.getCountry(), n.getAsn()), n);
            }
        }
        Map<NetworkKey, List<Probe>> byNetwork =
                new TreeMap<>(Comparator.comparing(NetworkKey::country).thenComparingLong(NetworkKey::asn));
        known.keySet().forEach(k -> byNetwork.put(k, new ArrayList<>()));
        Map<NetworkKey, String> probeTypes = new HashMap<>();
        for (ProbeHeartbeat hb : latest.values()) {
            NetworkKey key = new NetworkKey(hb.getCountry(), hb.getAsn());
            byNetwork.computeIfAbsent(key, k -> new ArrayList<>()).add(judge(hb, ref));
            probeTypes.putIfAbsent(key, hb.getNetworkType().name());
        }
        List<NetworkFleet> networks = new ArrayList<>();
        byNetwork.forEach((key, probes) -> {
            probes.sort(Comparator.comparing(Probe::probeId));
            NetworkInfo info = known.get(key);
            networks.add(new NetworkFleet(
                    key.country(),
                    key.asn(),
                    info == null ? "AS" + key.asn() : info.getName(),
                    info == null
                            ? probeTypes.getOrDefault(key, "UNKNOWN")
                            : info.getNetworkType().name(),
                    info == null ? null : info.getUserShare(),
                    List.copyOf(probes)));
        });
        List<NetworkFleet> gaps =
                networks.stream().filter(n -> n.alive() < minProbes).toList();
        return new FleetView(ref, minProbes, List.copyOf(networks), gaps);
    }

    static Probe judge(ProbeHeartbeat hb, Instant reference) {
        long interval = hb.getIntervalMs() > 0 ? hb.getIntervalMs() : DEFAULT_INTERVAL_MS;
        Duration age = Duration.between(hb.getEventTime(), reference);
        boolean alive = age.toMillis() <= MISSED_INTERVALS * interval;
        return new Probe(
                hb.getProbeId(),
                alive,
                hb.getEventTime(),
                hb.getProbeVersion(),
                hb.getClockOffsetMs(),
                hb.getMeasurementsPerMinute(),
                hb.getSpoolDepth(),
                hb.getConfigVersion(),
                hb.getSimulated());
    }

    public int probes() {
        return networks.stream().mapToInt(n -> n.probes().size()).sum();
    }

    public int aliveProbes() {
        return networks.stream().mapToInt(NetworkFleet::alive).sum();
    }
}
