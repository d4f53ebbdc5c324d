package org.vantage.probe.simulate;

import java.util.List;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/** Where the simulated fleet's records go: the real publisher path, or nowhere (dry run). */
public interface SimulationSink extends AutoCloseable {

    void measurements(List<Measurement> batch);

    void heartbeat(ProbeHeartbeat heartbeat);

    /** Records acknowledged by the destination so far (for progress lines). */
    long delivered();

    /** Records accepted but not yet delivered. */
    long pending();

    @Override
    void close();
}
