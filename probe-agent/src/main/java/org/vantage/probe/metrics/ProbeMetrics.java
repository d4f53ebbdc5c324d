package org.vantage.probe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.vantage.probe.spool.Spool;
import org.vantage.schema.Measurement;
import org.vantage.schema.PhaseTimings;

/**
 * The probe's meters, in one place so names stay consistent between the agent and the simulator.
 * Prometheus names: {@code vantage_probe_measurements_total{platform,outcome}},
 * {@code vantage_probe_phase_duration_seconds{phase}} (histogram), {@code vantage_probe_published_total},
 * {@code vantage_probe_publish_duration_seconds}, {@code vantage_probe_publish_errors_total{reason}},
 * {@code vantage_probe_spool_depth}, {@code vantage_probe_spool_bytes}, {@code vantage_probe_spool_dropped},
 * {@code vantage_probe_heartbeats_total{result}}, {@code vantage_probe_clock_offset_ms},
 * {@code vantage_probe_config_info{version}}.
 */
public final class ProbeMetrics {

    private final MeterRegistry registry;
    private final Counter published;
    private final Timer publishDuration;
    private final AtomicLong clockOffset = new AtomicLong();
    private final AtomicReference<Gauge> configInfo = new AtomicReference<>();

    public ProbeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.published = Counter.builder("vantage.probe.published")
                .description("Measurements acknowledged by Kafka")
                .register(registry);
        this.publishDuration = Timer.builder("vantage.probe.publish.duration")
                .description("Time to send and commit one batch of spooled measurements")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("vantage.probe.clock.offset.ms", clockOffset, AtomicLong::get)
                .description("Probe clock minus reference clock, milliseconds")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts one measurement and records its phase timings. */
    public void measured(Measurement m) {
        registry.counter(
                        "vantage.probe.measurements",
                        "platform",
                        m.getPlatform(),
                        "outcome",
                        m.getOutcome().name())
                .increment();
        PhaseTimings t = m.getTimings();
        if (t != null) {
            phase("dns", t.getDnsMs());
            phase("connect", t.getConnectMs());
            phase("tls", t.getTlsMs());
            phase("first_byte", t.getFirstByteMs());
            phase("total", t.getTotalMs());
        }
    }

    private void phase(String phase, Integer millis) {
        if (millis != null) {
            Timer.builder("vantage.probe.phase.duration")
                    .tag("phase", phase)
                    .description("Duration of one measurement phase")
                    .publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry)
                    .record(millis, TimeUnit.MILLISECONDS);
        }
    }

    public void published(int records, long nanos) {
        published.increment(records);
        publishDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Measurements acknowledged by Kafka since start. */
    public long publishedCount() {
        return (long) published.count();
    }

    public void publishError(String reason) {
        registry.counter("vantage.probe.publish.errors", "reason", reason).increment();
    }

    public void heartbeat(boolean ok) {
        registry.counter("vantage.probe.heartbeats", "result", ok ? "sent" : "failed")
                .increment();
    }

    public void clockOffset(long millis) {
        clockOffset.set(millis);
    }

    /** Exposes depth, size and drops of the spool. */
    public void watchSpool(Spool spool) {
        Gauge.builder("vantage.probe.spool.depth", spool, Spool::depth)
                .description("Measurements waiting in the spool")
                .register(registry);
        Gauge.builder("vantage.probe.spool.bytes", spool, Spool::depthBytes)
                .description("Bytes of measurements waiting in the spool")
                .register(registry);
        Gauge.builder("vantage.probe.spool.dropped", spool, Spool::dropped)
                .description("Measurements dropped from the full spool, oldest first")
                .register(registry);
    }

    /** Sets the configuration version in force (an info-style gauge with the version as label). */
    public void configVersion(String version) {
        Gauge next = Gauge.builder("vantage.probe.config.info", () -> 1)
                .description("Fleet configuration version in force")
                .tag("version", version)
                .register(registry);
        Gauge previous = configInfo.getAndSet(next);
        if (previous != null && previous != next) {
            registry.remove(previous);
        }
    }
}
