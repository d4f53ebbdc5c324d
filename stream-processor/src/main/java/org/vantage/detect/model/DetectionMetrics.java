package org.vantage.detect.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.vantage.schema.AlertStatus;
import org.vantage.schema.Classification;
import org.vantage.schema.DisruptionAlert;

/**
 * The processor's own metrics (Kafka Streams' metrics are bound separately): measurements processed,
 * invalid records by reason, duplicates, alerts by classification and status, and the detection lag
 * (alert emission wall clock minus the event time of the evidence).
 */
public final class DetectionMetrics {
    private final MeterRegistry registry;
    private final Counter measurements;
    private final Counter heartbeats;
    private final Counter duplicates;
    private final Counter overCap;
    private final Counter warmingUp;
    private final Timer detectionLag;

    public DetectionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.measurements = Counter.builder("vantage.measurements.processed")
                .description("Valid measurements folded into windows").register(registry);
        this.heartbeats = Counter.builder("vantage.heartbeats.processed").description("Valid heartbeats").register(registry);
        this.duplicates = Counter.builder("vantage.measurements.duplicates")
                .description("Measurements dropped because their measurement_id was already counted").register(registry);
        this.overCap = Counter.builder("vantage.measurements.over.probe.cap")
                .description("Measurements dropped because their probe already had the per-probe maximum in that window and platform")
                .register(registry);
        this.warmingUp = Counter.builder("vantage.measurements.probe.warming.up")
                .description("Measurements not counted because their probe is still in its warm-up (VANTAGE_PROBE_WARMUP)")
                .register(registry);
        this.detectionLag = Timer.builder("vantage.detection.lag")
                .description("Alert emitted_at minus the event time of its evidence").register(registry);
        // Every tagged series exists from the start at zero: Prometheus' rate() of a series that appears with its
        // first increment misses that increment, and an alerting rule has nothing to match before it.
        for (RejectReason reason : RejectReason.values()) {
            registry.counter("vantage.records.invalid", "reason", reason.name());
        }
        for (Classification c : Classification.values()) {
            for (AlertStatus s : AlertStatus.values()) {
                registry.counter("vantage.alerts", "classification", c.name(), "status", s.name());
            }
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void measurement() {
        measurements.increment();
    }

    public void heartbeat() {
        heartbeats.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void warmingUp() {
        warmingUp.increment();
    }

    public void overCap() {
        overCap.increment();
    }

    public void invalid(RejectReason reason) {
        registry.counter("vantage.records.invalid", "reason", reason.name()).increment();
    }

    public double invalidCount(RejectReason reason) {
        Counter c = registry.find("vantage.records.invalid").tag("reason", reason.name()).counter();
        return c == null ? 0 : c.count();
    }

    public double measurementCount() {
        return measurements.count();
    }

    public double duplicateCount() {
        return duplicates.count();
    }

    public double warmingUpCount() {
        return warmingUp.count();
    }

    public void alert(DisruptionAlert alert) {
        registry.counter("vantage.alerts", "classification", alert.getClassification().name(),
                "status", alert.getStatus().name()).increment();
        long lag = alert.getEmittedAt().toEpochMilli() - alert.getLastUpdateTime().toEpochMilli();
        if (lag >= 0) {
            detectionLag.record(Duration.ofMillis(lag));
        }
    }
}
