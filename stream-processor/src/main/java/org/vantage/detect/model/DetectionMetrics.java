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
 * invalid records by reason, duplicates, late evidence, alerts by classification and status (corrections from late
 * evidence among them), and the detection lag
 * (alert emission wall clock minus the event time of the evidence).
 */
public final class DetectionMetrics {
    private final MeterRegistry registry;
    private final Counter measurements;
    private final Counter heartbeats;
    private final Counter duplicates;
    private final Counter overCap;
    private final Counter warmingUp;
    private final Counter late;
    private final Counter corrections;
    private final Timer detectionLag;

    public DetectionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.measurements = Counter.builder("vantage.measurements.processed")
                .description("Valid measurements folded into windows")
                .register(registry);
        this.heartbeats = Counter.builder("vantage.heartbeats.processed")
                .description("Valid heartbeats")
                .register(registry);
        this.duplicates = Counter.builder("vantage.measurements.duplicates")
                .description("Measurements dropped because their measurement_id was already counted")
                .register(registry);
        this.overCap = Counter.builder("vantage.measurements.over.probe.cap")
                .description(
                        "Measurements dropped because their probe already had the per-probe maximum in that window and platform")
                .register(registry);
        this.warmingUp = Counter.builder("vantage.measurements.probe.warming.up")
                .description(
                        "Measurements not counted because their probe is still in its warm-up (VANTAGE_PROBE_WARMUP)")
                .register(registry);
        this.late = Counter.builder("vantage.measurements.late")
                .description(
                        "Measurements later than the grace period kept as late evidence of their network (not in the live windows)")
                .register(registry);
        this.corrections = Counter.builder("vantage.alerts.late.corrections")
                .description(
                        "Alerts that revise an incident's record from late evidence (also counted in vantage.alerts)")
                .register(registry);
        this.detectionLag = Timer.builder("vantage.detection.lag")
                .description("Alert emitted_at minus the event time of its evidence")
                .register(registry);
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

    public void lateMeasurement() {
        late.increment();
    }

    public double lateCount() {
        return late.count();
    }

    public double correctionCount() {
        return corrections.count();
    }

    public void invalid(RejectReason reason) {
        registry.counter("vantage.records.invalid", "reason", reason.name()).increment();
    }

    public double invalidCount(RejectReason reason) {
        Counter c = registry.find("vantage.records.invalid")
                .tag("reason", reason.name())
                .counter();
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

    /**
     * A correction from late evidence: counted with the alerts, but not in the detection lag, which measures how fast live
     * evidence becomes an alert (a correction comes as late as its evidence).
     */
    public void correction(DisruptionAlert alert) {
        registry.counter(
                        "vantage.alerts",
                        "classification",
                        alert.getClassification().name(),
                        "status",
                        alert.getStatus().name())
                .increment();
        corrections.increment();
    }

    public void alert(DisruptionAlert alert) {
        registry.counter(
                        "vantage.alerts",
                        "classification",
                        alert.getClassification().name(),
                        "status",
                        alert.getStatus().name())
                .increment();
        long lag =
                alert.getEmittedAt().toEpochMilli() - alert.getLastUpdateTime().toEpochMilli();
        if (lag >= 0) {
            detectionLag.record(Duration.ofMillis(lag));
        }
    }
}
