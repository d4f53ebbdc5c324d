package org.vantage.reliability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.Outcome;
import org.vantage.schema.PhaseTimings;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.topics.VantageTopic;

/**
 * Small, deterministic honest traffic for the suite: N probes per network, each measuring a few targets
 * once per minute and sending one heartbeat per minute. What a measurement sees is a function of (probe,
 * platform, minute), so a scenario reads "healthy, except twitter and youtube from minute 5 to 13". Kept
 * deliberately small (two platforms and the control targets) so that the real-stack tests stay fast.
 */
final class Traffic {
    /** Platforms and the host names measured for each. */
    static final Map<String, List<String>> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("twitter", List.of("x.com"));
        TARGETS.put("youtube", List.of("www.youtube.com"));
        TARGETS.put("control", List.of("www.wikipedia.org", "www.example.com"));
    }

    record Probe(String id, NetworkInfo network, int index) {
        String key() {
            return network.getCountry() + ":" + network.getAsn();
        }
    }

    /** One input record; {@code value} is a Measurement or a ProbeHeartbeat. */
    record Event(String topic, String key, long time, SpecificRecord value) {
        boolean isMeasurement() {
            return value instanceof Measurement;
        }
    }

    @FunctionalInterface
    interface Conditions {
        /** The outcome of one measurement; null = the probe sends nothing this minute (cut off). */
        Outcome outcome(Probe probe, String platform, int minute);
    }

    private final List<Probe> probes = new ArrayList<>();
    private final List<NetworkInfo> networks;
    private final long epoch;
    private final String runId;
    private final Random random;
    private long counter;

    Traffic(List<NetworkInfo> networks, int probesPerNetwork, Instant start, String runId, long seed) {
        this.networks = List.copyOf(networks);
        this.epoch = start.toEpochMilli();
        this.runId = runId;
        this.random = new Random(seed);
        for (NetworkInfo n : networks) {
            for (int i = 0; i < probesPerNetwork; i++) {
                probes.add(new Probe(n.getCountry() + "-" + n.getAsn() + "-p" + i, n, i));
            }
        }
    }

    /** Adds {@code count} more probes to a network, with ids {@code <prefix>-<n>}; returns them. */
    List<Probe> addProbes(NetworkInfo network, int count, String prefix) {
        List<Probe> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Probe p = new Probe(prefix + "-" + network.getAsn() + "-" + i, network, 100 + probes.size());
            probes.add(p);
            added.add(p);
        }
        return added;
    }

    List<NetworkInfo> networks() {
        return networks;
    }

    List<Probe> probes() {
        return probes;
    }

    long minuteStart(int minute) {
        return epoch + minute * 60_000L;
    }

    /** Healthy everywhere (latencies vary a little). */
    static Conditions healthy() {
        return (p, platform, minute) -> Outcome.OK;
    }

    /** {@code outcome} for the given platforms in minutes [from, to), healthy otherwise. */
    static Conditions block(List<String> platforms, int from, int to, Outcome outcome) {
        return (p, platform, minute) -> minute >= from && minute < to && platforms.contains(platform) ? outcome : Outcome.OK;
    }

    /** All events of minutes [from, to) in event-time order. */
    List<Event> minutes(int from, int to, Conditions conditions) {
        List<Event> all = new ArrayList<>();
        for (int m = from; m < to; m++) {
            all.addAll(round(m, conditions));
        }
        return all;
    }

    List<Event> round(int minute, Conditions conditions) {
        List<Event> events = new ArrayList<>();
        int targetCount = TARGETS.values().stream().mapToInt(List::size).sum();
        for (Probe p : probes) {
            long offset = (p.index() * 7_919L + p.network().getAsn() * 13) % 5_000;
            int slot = 0;
            boolean silent = false;
            for (Map.Entry<String, List<String>> target : TARGETS.entrySet()) {
                for (String host : target.getValue()) {
                    long time = minuteStart(minute) + offset + slot++ * (50_000L / targetCount);
                    Outcome outcome = conditions.outcome(p, target.getKey(), minute);
                    if (outcome == null) {
                        silent = true;
                        continue;
                    }
                    events.add(new Event(VantageTopic.MEASUREMENTS.topicName(), p.key(), time,
                            measurement(p, target.getKey(), host, time, outcome)));
                }
            }
            if (!silent) {
                long time = minuteStart(minute) + offset;
                events.add(new Event(VantageTopic.HEARTBEATS.topicName(), p.key(), time, heartbeat(p, time)));
            }
        }
        events.sort(Comparator.comparingLong(Event::time));
        return events;
    }

    Measurement measurement(Probe p, String platform, String host, long time, Outcome outcome) {
        boolean ok = outcome == Outcome.OK || outcome == Outcome.THROTTLED;
        int total = ok ? 200 + random.nextInt(100) : 300;
        return Measurement.newBuilder()
                .setMeasurementId(runId + "-m" + (++counter) + "-" + p.id())
                .setProbeId(p.id())
                .setCountry(p.network().getCountry())
                .setAsn(p.network().getAsn())
                .setRegion("Punjab")
                .setNetworkType(p.network().getNetworkType())
                .setPlatform(platform)
                .setTargetHost(host)
                .setEventTime(Instant.ofEpochMilli(time))
                .setOutcome(outcome)
                .setDnsAnswers(List.of())
                .setTimings(PhaseTimings.newBuilder().setDnsMs(20).setConnectMs(ok ? 40 : null).setTotalMs(total).build())
                .setProbeVersion("reliability-test")
                .setSimulated(true)
                .build();
    }

    ProbeHeartbeat heartbeat(Probe p, long time) {
        return ProbeHeartbeat.newBuilder()
                .setProbeId(p.id())
                .setCountry(p.network().getCountry())
                .setAsn(p.network().getAsn())
                .setNetworkType(p.network().getNetworkType())
                .setProbeVersion("reliability-test")
                .setEventTime(Instant.ofEpochMilli(time))
                .setIntervalMs(60_000)
                .setSimulated(true)
                .build();
    }
}
