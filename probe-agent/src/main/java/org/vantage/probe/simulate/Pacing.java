package org.vantage.probe.simulate;

/**
 * How fast the simulation runs against the wall clock.
 *
 * @param speed         scenario milliseconds per wall millisecond (1 = real time); ignored when
 *                      {@code ratePerSecond} or {@code unpaced} is set
 * @param ratePerSecond target measurements per wall second (load tests), 0 = off
 * @param unpaced       as fast as the sink accepts (tests, benchmarks)
 */
public record Pacing(double speed, double ratePerSecond, boolean unpaced) {

    public Pacing {
        if (!unpaced && ratePerSecond <= 0 && !(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, got " + speed);
        }
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("rate must not be negative, got " + ratePerSecond);
        }
    }

    public static Pacing atSpeed(double factor) {
        return new Pacing(factor, 0, false);
    }

    public static Pacing realTime() {
        return atSpeed(1);
    }

    public static Pacing atRate(double perSecond) {
        return new Pacing(0, perSecond, false);
    }

    public static Pacing asFastAsPossible() {
        return new Pacing(0, 0, true);
    }

    /** Wall milliseconds since start by which this much scenario time / this many measurements should be done. */
    long dueWallMillis(long scenarioMillisDone, long measurementsDone) {
        if (unpaced) {
            return 0;
        }
        if (ratePerSecond > 0) {
            return (long) (measurementsDone * 1000.0 / ratePerSecond);
        }
        return (long) (scenarioMillisDone / speed);
    }

    @Override
    public String toString() {
        if (unpaced) {
            return "unpaced";
        }
        return ratePerSecond > 0 ? ratePerSecond + " measurements/s" : speed + "x";
    }
}
