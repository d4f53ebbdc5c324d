package org.vantage.probe.agent;

import java.util.List;
import java.util.function.Consumer;
import org.vantage.probe.measure.MeasurementResult;
import org.vantage.probe.measure.MeasurementTarget;

/**
 * Runs one round of measurements over a target list with bounded concurrency, handing each result to
 * {@code sink} as soon as it is ready (from any thread). The seam between the agent's scheduling and
 * publishing and the measurement engine.
 */
public interface Measurer extends AutoCloseable {

    void measureRound(List<MeasurementTarget> targets, int concurrency, Consumer<MeasurementResult> sink);

    @Override
    default void close() {}
}
