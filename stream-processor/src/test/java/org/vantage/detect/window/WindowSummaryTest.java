package org.vantage.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vantage.detect.fixture.Measurements;
import org.vantage.detect.serde.JsonSerde;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;

class WindowSummaryTest {
    static Measurement m(String probe, Outcome outcome, int totalMs) {
        return Measurements.of(probe, "twitter", outcome, totalMs);
    }

    @Test
    void eachProbeHasOneVoteInTheFailureRateWhateverItsVolume() {
        WindowSummary s = WindowSummary.empty("PK", 45669, "twitter", 0, 60_000);
        for (int i = 0; i < 50; i++) {
            s.add(m("chatty-broken", Outcome.TCP_TIMEOUT, 10_000), 10, false);
        }
        for (String p : List.of("a", "b", "c")) {
            s.add(m(p, Outcome.OK, 200), 10, false);
        }
        assertThat(s.distinctProbes()).isEqualTo(4);
        assertThat(s.probeWeightedFailureRate()).isEqualTo(0.25);
        assertThat(s.failingProbes()).isEqualTo(1);
        // the cap: only 10 of the chatty probe's 50 measurements count; the other 40 are only tallied as over the cap
        assertThat(s.measurements).isEqualTo(13);
        assertThat(s.overCap).isEqualTo(40);
        assertThat(s.outcomes).containsEntry("TCP_TIMEOUT", 10L).containsEntry("OK", 3L);
        assertThat(s.failedMeasurements()).isEqualTo(10);
    }

    @Test
    void aRepeatedMeasurementIdIsCountedOnceEvenAfterTheStoreRoundTrip() {
        WindowSummary s = WindowSummary.empty("PK", 45669, "twitter", 0, 60_000);
        Measurement first = m("a", Outcome.TLS_RESET, 50);
        Measurement other = m("a", Outcome.OK, 50);
        assertThat(s.add(first, 10, false)).isEqualTo(WindowSummary.Folded.COUNTED);
        assertThat(s.add(first, 10, false)).isEqualTo(WindowSummary.Folded.DUPLICATE);
        assertThat(s.add(other, 10, false)).isEqualTo(WindowSummary.Folded.COUNTED);
        JsonSerde<WindowSummary> serde = JsonSerde.of(WindowSummary.class);
        WindowSummary back = serde.deserialize("t", serde.serialize("t", s.flush()));
        assertThat(back.add(first, 10, false)).isEqualTo(WindowSummary.Folded.DUPLICATE);
        assertThat(back.add(other, 10, false)).isEqualTo(WindowSummary.Folded.DUPLICATE);
        assertThat(back.measurements).isEqualTo(2);
        assertThat(back.probes.get("a").failureRate()).isEqualTo(0.5);
    }

    @Test
    void aProbeOverTheCapCannotGrowItsTallyWithDuplicatesOrNewIds() {
        WindowSummary s = WindowSummary.empty("PK", 45669, "twitter", 0, 60_000);
        for (int i = 0; i < 3; i++) {
            s.add(m("a", Outcome.OK, 50), 3, false);
        }
        assertThat(s.add(m("a", Outcome.TCP_RESET, 50), 3, false)).isEqualTo(WindowSummary.Folded.OVER_CAP);
        assertThat(s.probes.get("a").total).isEqualTo(3);
        assertThat(s.probeWeightedFailureRate()).isZero();
    }

    @Test
    void latencyQuantilesComeFromSuccessfulMeasurementsOnly() {
        WindowSummary s = WindowSummary.empty("PK", 45669, "twitter", 0, 60_000);
        for (int ms : new int[] {100, 200, 300, 400, 500}) {
            s.add(m("p" + ms, Outcome.OK, ms), 10, false);
        }
        s.add(m("slow", Outcome.TCP_TIMEOUT, 60_000), 10, false);
        assertThat(s.latencyMedianMs()).isEqualTo(300.0);
        assertThat(s.throughputMedianBps()).isNull();
    }

    @Test
    void keepsSamplesOfFailuresAndTheWrongDnsAnswers() {
        WindowSummary s = WindowSummary.empty("PK", 45669, "twitter", 0, 60_000);
        s.add(m("a", Outcome.OK, 100), 10, false);
        s.add(m("b", Outcome.DNS_BOGON, 10), 10, true);
        assertThat(s.sampleMeasurementIds).hasSize(1);
        assertThat(s.dnsAnswers).containsExactly("10.1.1.1");
        assertThat(s.lateMeasurements).isEqualTo(1);
    }

    @Test
    void survivesTheStoreSerdeWithItsSketches() {
        WindowSummary s = WindowSummary.empty("PK", 45669, "twitter", 0, 60_000);
        for (int i = 1; i <= 9; i++) {
            s.add(m("p" + i, Outcome.OK, i * 100), 10, false);
        }
        JsonSerde<WindowSummary> serde = JsonSerde.of(WindowSummary.class);
        WindowSummary back = serde.deserialize("t", serde.serialize("t", s.flush()));
        assertThat(back.latencyMedianMs()).isEqualTo(500.0);
        assertThat(back.distinctProbes()).isEqualTo(9);
        back.add(m("p10", Outcome.OK, 1000), 10, false);
        assertThat(back.flush().latencyP90Ms()).isGreaterThanOrEqualTo(900.0);
    }

    @Test
    void theProbeWeightedRatesDoNotDependOnTheOrderProbesArrivedIn() {
        List<String> probes = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            probes.add("probe-pk-45669-" + i);
        }
        double[] rates = new double[3];
        double[] slow = new double[3];
        for (int order = 0; order < 3; order++) {
            List<String> arrival = new java.util.ArrayList<>(probes);
            java.util.Collections.shuffle(arrival, new java.util.Random(order));
            WindowSummary s = WindowSummary.empty("PK", 45669, "twitter", 0, 60_000);
            for (String p : arrival) {
                int n = p.hashCode() % 7 + 7; // 1..13 measurements, so rates like 1/3, 2/7, 5/11
                for (int k = 0; k < Math.abs(n) % 7 + 1; k++) {
                    Outcome o = k % 3 == 0 ? Outcome.TCP_RESET : k % 3 == 1 ? Outcome.THROTTLED : Outcome.OK;
                    s.add(m(p, o, 100), 10, false);
                }
            }
            rates[order] = s.probeWeightedFailureRate();
            slow[order] = s.probeWeightedSlowRate();
        }
        assertThat(rates[1]).isEqualTo(rates[0]);
        assertThat(rates[2]).isEqualTo(rates[0]);
        assertThat(slow[1]).isEqualTo(slow[0]);
        assertThat(slow[2]).isEqualTo(slow[0]);
        assertThat(rates[0]).isStrictlyBetween(0.0, 1.0);
    }

    @Test
    void theSampledIdsAndDnsAnswersDoNotDependOnTheOrderMeasurementsArrivedIn() {
        List<Measurement> failures = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Measurement f = m("probe-" + i, Outcome.DNS_BOGON, 10);
            f.setDnsAnswers(List.of("10.0.0." + (i % 8), "10.9.9.9"));
            failures.add(f);
        }
        List<List<String>> samples = new java.util.ArrayList<>();
        List<List<String>> answers = new java.util.ArrayList<>();
        for (int order = 0; order < 3; order++) {
            List<Measurement> arrival = new java.util.ArrayList<>(failures);
            java.util.Collections.shuffle(arrival, new java.util.Random(order));
            WindowSummary s = WindowSummary.empty("PK", 45669, "twitter", 0, 60_000);
            arrival.forEach(f -> s.add(f, 10, false));
            samples.add(s.sampleMeasurementIds);
            answers.add(s.dnsAnswers);
        }
        List<String> smallestIds = failures.stream()
                .map(Measurement::getMeasurementId)
                .sorted()
                .limit(WindowSummary.MAX_SAMPLES)
                .toList();
        assertThat(samples).containsOnly(smallestIds);
        assertThat(answers).containsOnly(List.of("10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"));
    }
}
