package org.vantage.probe.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.probe.config.ProbeConfig;
import org.vantage.probe.measure.MeasurementResult;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.publish.ClockOffsetProbe;
import org.vantage.probe.publish.HeartbeatPublisher;
import org.vantage.probe.publish.SpoolingPublisher;
import org.vantage.probe.spool.SpoolRecord;
import org.vantage.schema.FleetConfig;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/**
 * The probe's main loop: rounds over the current {@link MeasurementPlan} (interval plus random jitter,
 * bounded concurrency), every result made into a {@link Measurement}, spooled and published; heartbeats and
 * clock-offset checks on their own schedules; the plan replaced at run time by the fleet configuration.
 *
 * <p>Each measurement is logged ({@code event=measurement id=...}) only after it is durably in the spool,
 * so the log lists exactly the measurements the probe has promised to deliver.
 */
public final class ProbeAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeAgent.class);

    private final ProbeConfig config;
    private final Measurer measurer;
    private final SpoolingPublisher publisher;
    private final HeartbeatPublisher heartbeats;
    private final ProbeMetrics metrics;
    private final Clock clock;
    private final AtomicReference<MeasurementPlan> plan = new AtomicReference<>();
    private final MeasurementPlan localPlan;
    private final AtomicReference<Long> clockOffset = new AtomicReference<>();
    private final AtomicLong measurementsSinceHeartbeat = new AtomicLong();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "probe-timers");
        t.setDaemon(true);
        return t;
    });
    private final Thread loop;
    private volatile boolean running = true;
    private volatile long lastHeartbeatNanos = System.nanoTime();
    private volatile String configVersion;

    public ProbeAgent(
            ProbeConfig config,
            MeasurementPlan initialPlan,
            Measurer measurer,
            SpoolingPublisher publisher,
            HeartbeatPublisher heartbeats,
            ProbeMetrics metrics,
            Clock clock) {
        this.config = Objects.requireNonNull(config);
        this.measurer = Objects.requireNonNull(measurer);
        this.publisher = Objects.requireNonNull(publisher);
        this.heartbeats = heartbeats;
        this.metrics = Objects.requireNonNull(metrics);
        this.clock = clock;
        this.plan.set(initialPlan);
        this.localPlan = initialPlan;
        this.configVersion = initialPlan.version();
        metrics.configVersion(configVersion);
        this.loop = new Thread(this::runRounds, "probe-rounds");
    }

    public ProbeAgent start() {
        log.info(
                "event=probe_start probe={} network={} region={} network_type={} plan={} targets={} interval={}",
                config.identity().probeId(),
                config.networkKey(),
                config.identity().region(),
                config.identity().networkType(),
                configVersion,
                plan.get().targets().size(),
                plan.get().interval());
        loop.start();
        if (heartbeats != null) {
            long hb = config.heartbeatInterval().toMillis();
            timers.scheduleAtFixedRate(this::heartbeat, 0, hb, TimeUnit.MILLISECONDS);
        }
        if (config.clockReferenceUrl() != null) {
            ClockOffsetProbe probe = new ClockOffsetProbe(config.clockReferenceUrl(), Duration.ofSeconds(10));
            timers.scheduleWithFixedDelay(
                    () -> checkClock(probe), 0, config.clockCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Applies a fleet configuration (from the follower thread); a new plan starts a round at once. Null (no
     * scope applies any more, e.g. after a tombstone) returns to the local plan.
     *
     * @throws IllegalArgumentException when the configuration has a bad target; the current plan stays
     */
    public void applyFleetConfig(FleetConfig fc) {
        MeasurementPlan next = fc == null ? localPlan : MeasurementPlan.fromFleet(fc);
        plan.set(next);
        configVersion = next.version();
        metrics.configVersion(configVersion);
        log.info(
                "event=plan_changed version={} scope={} targets={} platforms={} interval={} concurrency={}",
                next.version(),
                fc == null ? "local" : fc.getScope(),
                next.targets().size(),
                next.platforms(),
                next.interval(),
                next.concurrency());
        synchronized (plan) {
            plan.notifyAll();
        }
    }

    public MeasurementPlan plan() {
        return plan.get();
    }

    private void runRounds() {
        while (running) {
            MeasurementPlan p = plan.get();
            long start = System.nanoTime();
            try {
                measurer.measureRound(p.targets(), p.concurrency(), this::onResult);
            } catch (RuntimeException e) {
                log.error("event=round_failed error=\"{}\"", e.toString(), e);
            }
            long jitter = p.jitter().isZero()
                    ? 0
                    : ThreadLocalRandom.current().nextLong(p.jitter().toMillis() + 1);
            long waitMs = p.interval().toMillis() + jitter - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            synchronized (plan) {
                long deadline = System.currentTimeMillis() + Math.max(0, waitMs);
                // A new plan starts a round at once; otherwise wait out the interval.
                while (running && plan.get() == p && System.currentTimeMillis() < deadline) {
                    try {
                        plan.wait(Math.max(1, deadline - System.currentTimeMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void onResult(MeasurementResult result) {
        Measurement m = result.toMeasurement(config.identity(), clockOffset.get());
        SpoolRecord spooled = publisher.submit(m);
        metrics.measured(m);
        measurementsSinceHeartbeat.incrementAndGet();
        log.info(
                "event=measurement id={} platform={} host={} outcome={} total_ms={} spool_seq={}",
                m.getMeasurementId(),
                m.getPlatform(),
                m.getTargetHost(),
                m.getOutcome(),
                m.getTimings().getTotalMs(),
                spooled.seq());
    }

    private void heartbeat() {
        try {
            long now = System.nanoTime();
            double minutes = Math.max(1e-9, (now - lastHeartbeatNanos) / 60e9);
            lastHeartbeatNanos = now;
            double perMinute = measurementsSinceHeartbeat.getAndSet(0) / minutes;
            MeasurementPlan p = plan.get();
            ProbeHeartbeat hb = ProbeHeartbeat.newBuilder()
                    .setProbeId(config.identity().probeId())
                    .setCountry(config.identity().country())
                    .setAsn(config.identity().asn())
                    .setRegion(config.identity().region())
                    .setCity(config.identity().city())
                    .setNetworkType(config.identity().networkType())
                    .setProbeVersion(config.identity().probeVersion())
                    .setEventTime(Instant.ofEpochMilli(clock.millis()))
                    .setIntervalMs(config.heartbeatInterval().toMillis())
                    .setPlatforms(p.platforms())
                    .setTargetCount(p.targets().size())
                    .setConfigVersion(configVersion)
                    .setClockOffsetMs(clockOffset.get())
                    .setSpoolDepth(publisher.spool().depth())
                    .setSpoolDropped(publisher.spool().dropped())
                    .setMeasurementsPerMinute(perMinute)
                    .setSimulated(false)
                    .build();
            heartbeats.send(hb);
        } catch (RuntimeException e) {
            log.warn("event=heartbeat_failed error=\"{}\"", e.toString());
        }
    }

    private void checkClock(ClockOffsetProbe probe) {
        try {
            OptionalLong offset = probe.measure();
            if (offset.isPresent()) {
                clockOffset.set(offset.getAsLong());
                metrics.clockOffset(offset.getAsLong());
                log.info(
                        "event=clock_offset offset_ms={} reference={}", offset.getAsLong(), config.clockReferenceUrl());
            } else {
                log.warn(
                        "event=clock_offset_unavailable reference={} reason=\"no usable Date header\"",
                        config.clockReferenceUrl());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn(
                    "event=clock_offset_unavailable reference={} error=\"{}\"",
                    config.clockReferenceUrl(),
                    e.toString());
        }
    }

    /** Stops measuring, then gives the publisher up to {@code drainTimeout} to empty the spool. */
    public void close(Duration drainTimeout) {
        running = false;
        synchronized (plan) {
            plan.notifyAll();
        }
        try {
            loop.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        measurer.close();
        publisher.close(drainTimeout);
        if (heartbeats != null) {
            heartbeats.close();
        }
        log.info(
                "event=probe_stop spool_depth={} spool_dropped={}",
                publisher.spool().depth(),
                publisher.spool().dropped());
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
