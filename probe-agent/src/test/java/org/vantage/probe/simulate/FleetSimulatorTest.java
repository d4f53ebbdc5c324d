package org.vantage.probe.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;
import org.vantage.schema.ProbeHeartbeat;

class FleetSimulatorTest {

    static Scenario exact() throws Exception {
        try (InputStream in = FleetSimulatorTest.class.getResourceAsStream("/scenarios-test/exact.yaml")) {
            return ScenarioLoader.parse(in, "exact.yaml");
        }
    }

    private static ListSink run(Scenario s) {
        ListSink sink = new ListSink();
        new FleetSimulator(s, sink, Pacing.asFastAsPossible(), Duration.ofMinutes(1)).run();
        return sink;
    }

    /**
     * The counts of exact.yaml, worked out by hand: 10 rounds; AS17557 has 3 probes, AS45669 2; twitter has 2
     * targets, control 1. Twitter on AS45669 is reset in rounds 2..6 (5 rounds); AS17557 is silent in
     * rounds 8 and 9.
     */
    static final Map<String, Map<Outcome, Long>> EXPECTED = Map.of(
            "twitter", Map.of(Outcome.OK, 3L * 2 * 8 + 2L * 2 * 5, Outcome.TLS_RESET, 2L * 2 * 5),
            "control", Map.of(Outcome.OK, 3L * 1 * 8 + 2L * 1 * 10));

    static final long EXPECTED_HEARTBEATS = 3L * 8 + 2L * 10;

    @Test
    void countsPerPlatformAndOutcomeFollowTheScenario() throws Exception {
        ListSink sink = run(exact());
        Map<String, Map<Outcome, Long>> counts = sink.measurements.stream()
                .collect(Collectors.groupingBy(
                        Measurement::getPlatform,
                        Collectors.groupingBy(Measurement::getOutcome, Collectors.counting())));
        assertThat(counts).isEqualTo(EXPECTED);
        assertThat(sink.heartbeats).hasSize((int) EXPECTED_HEARTBEATS);
    }

    @Test
    void statsMatchWhatWasSent() throws Exception {
        ListSink sink = new ListSink();
        FleetSimulator sim = new FleetSimulator(exact(), sink, Pacing.asFastAsPossible(), Duration.ofMinutes(1));
        SimulationStats stats = sim.run();
        assertThat(stats.byPlatform()).isEqualTo(EXPECTED);
        assertThat(stats.measurements()).isEqualTo(sink.measurements.size());
        assertThat(stats.heartbeats()).isEqualTo(EXPECTED_HEARTBEATS);
    }

    @Test
    void silencedProbesSendNothingDuringTheOutageAndRecordsCarryIdentity() throws Exception {
        Scenario s = exact();
        ListSink sink = run(s);
        Instant outageStart = s.start().plus(Duration.ofMinutes(8));
        assertThat(sink.measurements)
                .filteredOn(m -> m.getAsn() == 17557)
                .allSatisfy(m -> assertThat(m.getEventTime()).isBefore(outageStart));
        assertThat(sink.heartbeats)
                .filteredOn(h -> h.getAsn() == 17557)
                .allSatisfy(h -> assertThat(h.getEventTime()).isBefore(outageStart));
        assertThat(sink.measurements).allSatisfy(m -> {
            assertThat(m.getSimulated()).isTrue();
            assertThat(m.getCountry()).isEqualTo("PK");
            assertThat(m.getProbeId()).startsWith("sim-pk-as" + m.getAsn() + "-");
        });
        assertThat(sink.measurements).filteredOn(m -> m.getAsn() == 45669).allSatisfy(m -> {
            assertThat(m.getNetworkType()).isEqualTo(NetworkType.MOBILE);
            assertThat(m.getRegion()).isEqualTo("Sindh");
        });
    }

    @Test
    void eventTimesIncreasePerProbeAndIdsAreUnique() throws Exception {
        ListSink sink = run(ScenarioLoader.load("pk-2024-01-20").truncatedTo(Duration.ofMinutes(20)));
        Map<String, Instant> last = new HashMap<>();
        for (Measurement m : sink.measurements) {
            Instant prev = last.put(m.getProbeId(), m.getEventTime());
            if (prev != null) {
                assertThat(m.getEventTime()).as(m.getProbeId()).isAfter(prev);
            }
        }
        assertThat(sink.measurements.stream()
                        .map(Measurement::getMeasurementId)
                        .distinct()
                        .count())
                .isEqualTo(sink.measurements.size());
    }

    @Test
    void recordsOfTheWholeFleetReachTheSinkInEventTimeOrderAsFromLiveProbes() throws Exception {
        List<Instant> times = new ArrayList<>();
        SimulationSink sink = new ListSink() {
            @Override
            public void measurements(List<Measurement> batch) {
                batch.forEach(m -> times.add(m.getEventTime()));
                super.measurements(batch);
            }

            @Override
            public void heartbeat(ProbeHeartbeat heartbeat) {
                times.add(heartbeat.getEventTime());
                super.heartbeat(heartbeat);
            }
        };
        new FleetSimulator(
                        ScenarioLoader.load("pk-2024-01-20").truncatedTo(Duration.ofMinutes(20)),
                        sink,
                        Pacing.asFastAsPossible(),
                        Duration.ofMinutes(1))
                .run();
        assertThat(times).hasSizeGreaterThan(1000).isSorted();
    }

    @Test
    void theFlakyProbeFailsEverythingAndFakingProbesOnlyPlatforms() throws Exception {
        Scenario s = ScenarioLoader.load("healthy-day").truncatedTo(Duration.ofMinutes(30));
        ListSink sink = run(s);
        Map<String, List<Measurement>> byProbe =
                sink.measurements.stream().collect(Collectors.groupingBy(Measurement::getProbeId));
        long allFailed = byProbe.values().stream()
                .filter(ms -> ms.stream().noneMatch(m -> m.getOutcome() == Outcome.OK))
                .count();
        assertThat(allFailed).isEqualTo(s.baseline().flakyProbes());
        long faking = byProbe.values().stream()
                .filter(ms -> ms.stream()
                        .filter(m -> !m.getPlatform().equals("control"))
                        .allMatch(m -> m.getOutcome() == Outcome.TLS_RESET))
                .count();
        assertThat(faking).isEqualTo(s.baseline().fakingProbes());
        // healthy noise: around 1.5 % random failures among the normal probes' measurements
        List<Measurement> normal = byProbe.values().stream()
                .filter(ms -> ms.stream().anyMatch(m -> m.getOutcome() == Outcome.OK))
                .filter(ms -> ms.stream()
                        .filter(m -> !m.getPlatform().equals("control"))
                        .anyMatch(m -> m.getOutcome() != Outcome.TLS_RESET))
                .flatMap(List::stream)
                .toList();
        double failures =
                normal.stream().filter(m -> m.getOutcome() != Outcome.OK).count() / (double) normal.size();
        assertThat(failures).isBetween(0.005, 0.03);
    }

    @Test
    void throttlingMakesTheAffectedPlatformSlowerNotBroken() throws Exception {
        Scenario s = ScenarioLoader.load("throttling");
        ListSink sink = run(s);
        Scenario.Disruption d = s.disruptions().get(0);
        double during = medianFirstByte(sink, m -> d.activeAt(m.getEventTime()));
        double before = medianFirstByte(sink, m -> m.getEventTime().isBefore(d.start()));
        assertThat(during / before).isBetween(5.0, 10.0);
        long affected = sink.measurements.stream()
                .filter(m -> m.getPlatform().equals("twitter")
                        && m.getNetworkType() == NetworkType.MOBILE
                        && d.activeAt(m.getEventTime()))
                .count();
        long ok = sink.measurements.stream()
                .filter(m -> m.getPlatform().equals("twitter")
                        && m.getNetworkType() == NetworkType.MOBILE
                        && d.activeAt(m.getEventTime())
                        && m.getOutcome() == Outcome.OK)
                .count();
        assertThat((double) ok / affected).isGreaterThan(0.9);
    }

    private static double medianFirstByte(ListSink sink, java.util.function.Predicate<Measurement> when) {
        List<Integer> v = sink.measurements.stream()
                .filter(m -> m.getPlatform().equals("twitter") && m.getNetworkType() == NetworkType.MOBILE)
                .filter(m -> m.getOutcome() == Outcome.OK)
                .filter(when)
                .map(m -> m.getTimings().getFirstByteMs())
                .sorted()
                .toList();
        return v.get(v.size() / 2);
    }
}
