package org.vantage.probe.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vantage.probe.config.ProbeConfig;
import org.vantage.probe.measure.MeasurementTarget;
import org.vantage.probe.measure.TargetList;
import org.vantage.probe.measure.TargetListLoader;
import org.vantage.schema.FleetConfig;

/**
 * What the agent measures and how often: a target list with its schedule and the version label it came
 * with (the local file's, or the fleet configuration's).
 */
public record MeasurementPlan(
        String version, List<MeasurementTarget> targets, Duration interval, Duration jitter, int concurrency) {

    public MeasurementPlan {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a measurement plan needs at least one target");
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("jitter must not be negative, got " + jitter);
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be 1..256, got " + concurrency);
        }
    }

    public static MeasurementPlan local(TargetList list, ProbeConfig.Schedule schedule) {
        return new MeasurementPlan(
                "local:" + list.version(),
                list.targets(),
                schedule.interval(),
                schedule.jitter(),
                schedule.concurrency());
    }

    public static MeasurementPlan initial(ProbeConfig config) {
        return local(targetList(config), config.schedule());
    }

    /** The configured target list file, or the shipped default list. */
    public static TargetList targetList(ProbeConfig config) {
        return config.targetsFile() == null
                ? TargetListLoader.loadDefault()
                : TargetListLoader.load(config.targetsFile());
    }

    /**
     * The plan a fleet configuration asks for.
     *
     * @throws IllegalArgumentException naming the bad target, so a broken publish is rejected, not applied
     */
    public static MeasurementPlan fromFleet(FleetConfig fc) {
        List<MeasurementTarget> targets = new ArrayList<>();
        for (org.vantage.schema.Target t : fc.getTargets()) {
            targets.add(MeasurementTarget.fromFleet(t, TargetListLoader.DEFAULT_THROUGHPUT_BYTES));
        }
        return new MeasurementPlan(
                fc.getVersion(),
                targets,
                Duration.ofMillis(fc.getIntervalMs()),
                Duration.ofMillis(fc.getJitterMs()),
                fc.getConcurrency());
    }

    public List<String> platforms() {
        Set<String> p = new LinkedHashSet<>();
        targets.forEach(t -> p.add(t.platform()));
        return List.copyOf(p);
    }
}
