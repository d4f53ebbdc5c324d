package org.vantage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vantage.probe.simulate.Scenario;
import org.vantage.probe.simulate.SimulationSink;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

class OrderedLoadTest {
    /** Keeps what it is sent, in order. */
    static final class Recording implements SimulationSink {
        final List<Object> records = new ArrayList<>();

        @Override
        public void measurements(List<Measurement> batch) {
            records.addAll(batch);
        }

        @Override
        public void heartbeat(ProbeHeartbeat heartbeat) {
            records.add(heartbeat);
        }

        @Override
        public long delivered() {
            return records.size();
        }

        @Override
        public long pending() {
            return 0;
        }

        @Override
        public void close() {}
    }

    static long time(Object r) {
        return r instanceof Measurement m
                ? m.getEventTime().toEpochMilli()
                : ((ProbeHeartbeat) r).getEventTime().toEpochMilli();
    }

    @Test
    void everyProbeMeasuresEveryTargetOncePerIntervalInEventTimeOrderWithOneHeartbeat() {
        FleetShape shape = new FleetShape(200, 10, 2);
        Scenario s = BenchFleet.load(shape, 1, Instant.parse("2026-01-01T12:00:00Z"));
        Recording sink = new Recording();
        OrderedLoad.run(s, sink, Long.MAX_VALUE);
        long intervals = 3;
        List<Object> rs = sink.records;
        assertThat(rs.stream().filter(r -> r instanceof Measurement).count())
                .isEqualTo(intervals * BenchFleet.perInterval(shape));
        assertThat(rs.stream().filter(r -> r instanceof ProbeHeartbeat).count()).isEqualTo(intervals * shape.probes());
        for (int i = 1; i < rs.size(); i++) {
            assertThat(time(rs.get(i))).isGreaterThanOrEqualTo(time(rs.get(i - 1)));
        }
        Map<String, Integer> perProbeAndHost = new HashMap<>();
        for (Object r : rs) {
            if (r instanceof Measurement m) {
                perProbeAndHost.merge(m.getProbeId() + " " + m.getTargetHost(), 1, Integer::sum);
                assertThat(m.getEventTime()).isBetween(s.start(), s.end());
            }
        }
        assertThat(perProbeAndHost)
                .hasSize(shape.probes() * 14)
                .allSatisfy((k, n) -> assertThat(n).isEqualTo(3));
    }

    @Test
    void stopsAtTheLimit() {
        Recording sink = new Recording();
        OrderedLoad.run(BenchFleet.load(new FleetShape(200, 10, 2), 1, Instant.now()), sink, 1_000);
        assertThat(sink.records.stream().filter(r -> r instanceof Measurement).count())
                .isEqualTo(1_000);
    }
}
