package org.vantage.probe.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures a list of targets with bounded concurrency: every target through every configured
 * resolver, at most {@code concurrency} measurements in flight (the phases block on sockets, so
 * one thread per in-flight measurement). Scheduling rounds and jitter belong to the caller.
 */
public final class MeasurementRound implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MeasurementRound.class);
    private final MeasurementEngine engine;
    private final ExecutorService executor;

    public MeasurementRound(MeasurementEngine engine, int concurrency) {
        this.engine = Objects.requireNonNull(engine, "engine");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread t = new Thread(runnable, "vantage-measure-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(concurrency, threads);
    }

    /**
     * Runs one round, handing each result to {@code sink} as soon as it is ready (from a measuring
     * thread; the sink must be thread-safe; an exception from it is logged, not propagated), and
     * returns when every measurement has finished.
     *
     * @return the results in target order (each target's resolvers in configured order)
     */
    public List<MeasurementResult> run(List<MeasurementTarget> targets, Consumer<MeasurementResult> sink) {
        List<CompletableFuture<MeasurementResult>> futures = new ArrayList<>();
        for (MeasurementTarget target : targets) {
            for (ResolverSpec resolver : engine.settings().resolvers()) {
                futures.add(CompletableFuture.supplyAsync(
                        () -> {
                            MeasurementResult result = engine.measure(target, resolver);
                            try {
                                sink.accept(result);
                            } catch (RuntimeException e) {
                                // One failing hand-off must not cancel the round; the result is still returned.
                                log.warn(
                                        "result sink failed for measurement {} ({})",
                                        result.measurementId(),
                                        target.host(),
                                        e);
                            }
                            return result;
                        },
                        executor));
            }
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    public List<MeasurementResult> run(List<MeasurementTarget> targets) {
        return run(targets, result -> {});
    }

    /** Stops the measuring threads, waiting briefly for measurements in flight. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
