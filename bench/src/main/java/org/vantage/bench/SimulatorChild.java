package org.vantage.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.publish.HeartbeatPublisher;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.probe.publish.SpoolingPublisher;
import org.vantage.probe.simulate.FleetSimulator;
import org.vantage.probe.simulate.Pacing;
import org.vantage.probe.simulate.PublisherSink;
import org.vantage.probe.simulate.Scenario;
import org.vantage.probe.simulate.ScenarioLoader;
import org.vantage.probe.simulate.SimulationSink;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolOptions;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/**
 * The probe agent in simulator mode, in its own JVM, wired as {@code vantage-probe simulate --unpaced} wires
 * it (spool with fsync per batch, transactional publisher, heartbeat producer), stopped after about
 * {@code measurements} measurements and a drained spool. Prints
 * {@code SIM measurements=<n> cpuNanos=<process CPU time> wallNanos=<n>}: the whole process's CPU time,
 * JVM start and JIT included, since that is what a probe host pays.
 *
 * <p>Arguments: {@code bootstrap registryUrl scenario measurements spoolDir}.
 */
public final class SimulatorChild {
    private SimulatorChild() {}

    public static void main(String[] args) throws Exception {
        long wallStart = System.nanoTime();
        String bootstrap = args[0];
        String registry = args[1];
        Scenario s = ScenarioLoader.load(args[2]);
        long limit = Long.parseLong(args[3]);
        Path spoolDir = Path.of(args[4]);
        Spool spool = Spool.open(
                spoolDir, SpoolOptions.defaults().withMaxBytes(1L << 30).withMaxRecords(Integer.MAX_VALUE));
        ProbeMetrics metrics = new ProbeMetrics(new SimpleMeterRegistry());
        PublisherSettings ps = new PublisherSettings(
                bootstrap, registry, "bench-sim-" + ProcessHandle.current().pid(), Duration.ofSeconds(10), 2000);
        PublisherSink real = new PublisherSink(
                new SpoolingPublisher(ps, spool, metrics),
                new HeartbeatPublisher(ps, metrics),
                metrics,
                Duration.ofMinutes(10));
        AtomicLong submitted = new AtomicLong();
        FleetSimulator[] sim = new FleetSimulator[1];
        SimulationSink limited = new SimulationSink() {
            @Override
            public void measurements(List<Measurement> batch) {
                real.measurements(batch);
                if (submitted.addAndGet(batch.size()) >= limit) {
                    sim[0].stop();
                }
            }

            @Override
            public void heartbeat(ProbeHeartbeat heartbeat) {
                real.heartbeat(heartbeat);
            }

            @Override
            public long delivered() {
                return real.delivered();
            }

            @Override
            public long pending() {
                return real.pending();
            }

            @Override
            public void close() {
                real.close();
            }
        };
        sim[0] = new FleetSimulator(s, limited, Pacing.asFastAsPossible(), Duration.ofSeconds(5));
        sim[0].run();
        limited.close();
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        System.out.println("SIM measurements=" + real.delivered() + " pending=" + real.pending() + " cpuNanos=" + cpu
                + " wallNanos=" + (System.nanoTime() - wallStart));
        System.out.flush();
        System.exit(0);
    }
}
