package org.vantage.probe.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/** Keeps everything in memory. */
class ListSink implements SimulationSink {
    final List<Measurement> measurements = Collections.synchronizedList(new ArrayList<>());
    final List<ProbeHeartbeat> heartbeats = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void measurements(List<Measurement> batch) {
        measurements.addAll(batch);
    }

    @Override
    public void heartbeat(ProbeHeartbeat heartbeat) {
        heartbeats.add(heartbeat);
    }

    @Override
    public long delivered() {
        return measurements.size();
    }

    @Override
    public long pending() {
        return 0;
    }

    @Override
    public void close() {}
}
