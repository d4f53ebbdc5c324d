package org.vantage.probe.simulate;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.publish.HeartbeatPublisher;
import org.vantage.probe.publish.SpoolingPublisher;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/**
 * Sends the simulated fleet through the same path as a real probe: measurements into the spool and the
 * transactional publisher, heartbeats through the heartbeat producer.
 */
public final class PublisherSink implements SimulationSink {

    private static final Logger log = LoggerFactory.getLogger(PublisherSink.class);

    private final SpoolingPublisher publisher;
    private final HeartbeatPublisher heartbeats;
    private final ProbeMetrics metrics;
    private final Duration drainTimeout;

    public PublisherSink(
            SpoolingPublisher publisher, HeartbeatPublisher heartbeats, ProbeMetrics metrics, Duration drainTimeout) {
        this.publisher = publisher;
        this.heartbeats = heartbeats;
        this.metrics = metrics;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void measurements(List<Measurement> batch) {
        publisher.submitAll(batch);
    }

    @Override
    public void heartbeat(ProbeHeartbeat heartbeat) {
        heartbeats.send(heartbeat);
    }

    @Override
    public long delivered() {
        return metrics.publishedCount();
    }

    @Override
    public long pending() {
        return publisher.spool().depth();
    }

    /** Waits for the spool to drain (up to the timeout), then closes the producers. */
    @Override
    public void close() {
        heartbeats.flush();
        publisher.close(drainTimeout);
        heartbeats.close();
        if (publisher.spool().depth() > 0) {
            log.warn(
                    "event=simulation_not_drained spool_depth={} spool_dir={} (sent on the next run with the same spool)",
                    publisher.spool().depth(),
                    publisher.spool().directory());
        }
    }
}
