package org.vantage.probe.agent;

import java.util.List;
import java.util.function.Consumer;
import org.vantage.probe.measure.MeasurementEngine;
import org.vantage.probe.measure.MeasurementResult;
import org.vantage.probe.measure.MeasurementRound;
import org.vantage.probe.measure.MeasurementTarget;

/** {@link Measurer} on the real-network {@link MeasurementEngine}; keeps one round runner per concurrency. */
public final class EngineMeasurer implements Measurer {

    private final MeasurementEngine engine;
    private MeasurementRound round;
    private int roundConcurrency;

    public EngineMeasurer(MeasurementEngine engine) {
        this.engine = engine;
    }

    @Override
    public synchronized void measureRound(
            List<MeasurementTarget> targets, int concurrency, Consumer<MeasurementResult> sink) {
        if (round == null || roundConcurrency != concurrency) {
            if (round != null) {
                round.close();
            }
            round = new MeasurementRound(engine, concurrency);
            roundConcurrency = concurrency;
        }
        round.run(targets, sink);
    }

    @Override
    public synchronized void close() {
        if (round != null) {
            round.close();
        }
    }
}
