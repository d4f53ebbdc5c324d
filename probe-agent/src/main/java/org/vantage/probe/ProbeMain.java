package org.vantage.probe;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.Resolved;
import org.vantage.config.Settings;
import org.vantage.config.SettingsException;
import org.vantage.kafka.ClientProperties;
import org.vantage.kafka.KafkaSettings;
import org.vantage.probe.agent.EngineMeasurer;
import org.vantage.probe.agent.MeasurementPlan;
import org.vantage.probe.agent.ProbeAgent;
import org.vantage.probe.config.ConfigException;
import org.vantage.probe.config.ConfigValues;
import org.vantage.probe.config.ProbeConfig;
import org.vantage.probe.config.ProbeConfigLoader;
import org.vantage.probe.config.ProbeSettings;
import org.vantage.probe.fleet.FleetConfigFollower;
import org.vantage.probe.measure.MeasurementEngine;
import org.vantage.probe.measure.MeasurementSettings;
import org.vantage.probe.measure.TargetList;
import org.vantage.probe.metrics.MetricsServer;
import org.vantage.probe.metrics.ProbeMetrics;
import org.vantage.probe.publish.HeartbeatPublisher;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.probe.publish.RecordSigner;
import org.vantage.probe.publish.SpoolingPublisher;
import org.vantage.probe.simulate.FleetEnrollment;
import org.vantage.probe.simulate.FleetSimulator;
import org.vantage.probe.simulate.Pacing;
import org.vantage.probe.simulate.PublisherSink;
import org.vantage.probe.simulate.Scenario;
import org.vantage.probe.simulate.ScenarioLoader;
import org.vantage.probe.simulate.SimulationSink;
import org.vantage.probe.simulate.SimulationStats;
import org.vantage.probe.spool.Spool;
import org.vantage.probe.spool.SpoolOptions;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Command line of the probe agent: {@code probe} runs a real vantage point, {@code simulate <scenario>}
 * runs a virtual fleet through the same publishing path.
 */
@Command(
        name = "vantage-probe",
        mixinStandardHelpOptions = true,
        versionProvider = ProbeMain.Version.class,
        description = "Vantage probe agent and fleet simulator.",
        subcommands = {ProbeMain.ProbeCommand.class, ProbeMain.SimulateCommand.class, CommandLine.HelpCommand.class})
public final class ProbeMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ProbeMain.class);

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: bad configuration prints one clear message and exits 2. */
    public static CommandLine commandLine() {
        return new CommandLine(new ProbeMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException
                    || e instanceof SettingsException
                    || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException
                    || e instanceof UncheckedIOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /**
     * Engine settings of a probe: the target list's block-page fingerprints (what recognises a block page),
     * the configured resolvers, control resolver and phase timeout.
     */
    static MeasurementSettings measurementSettings(TargetList targets, ProbeConfig.Measure measure) {
        return MeasurementSettings.builder()
                .blockPageFingerprints(targets.blockPageFingerprints())
                .resolvers(measure.resolvers())
                .controlResolver(measure.controlResolver())
                .allTimeouts(measure.phaseTimeout())
                .build();
    }

    @Command(
            name = "probe",
            mixinStandardHelpOptions = true,
            modelTransformer = ProbeCommand.SettingOptions.class,
            description = "Run the probe agent: measure the target list on a schedule, spool, publish to Kafka. "
                    + "Each setting comes from --config, a VANTAGE_* environment variable or its option; "
                    + "the option wins over the variable, the variable over the file (docs/configuration.md).")
    static final class ProbeCommand implements Callable<Integer> {

        @Option(
                names = {"-c", "--config"},
                description =
                        "YAML or properties configuration file (optional: " + "environment variables alone are enough)")
        Path config;

        @Spec
        CommandSpec spec;

        /** Adds an option for every setting of {@link ProbeSettings}. */
        static final class SettingOptions implements CommandLine.IModelTransformer {
            @Override
            public CommandSpec transform(CommandSpec command) {
                return CommandLineSettings.addOptions(command, ProbeSettings.ALL);
            }
        }

        @Override
        public Integer call() throws Exception {
            ProbeConfig cfg =
                    ProbeConfigLoader.loadForProcess(config, CommandLineSettings.values(spec, ProbeSettings.ALL));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ProbeMetrics metrics = new ProbeMetrics(registry);
            MetricsServer metricsServer =
                    cfg.metricsPort() < 0 ? null : MetricsServer.start(registry, "0.0.0.0", cfg.metricsPort());
            if (metricsServer != null) {
                log.info("event=metrics_serving port={} path=/metrics", metricsServer.port());
            }
            Spool spool = Spool.open(
                    cfg.spoolDir(),
                    new SpoolOptions(cfg.spoolMaxBytes(), cfg.spoolMaxRecords(), SpoolOptions.DEFAULT_SEGMENT_BYTES));
            PublisherSettings ps = cfg.publisherSettings();
            SpoolingPublisher publisher = new SpoolingPublisher(ps, spool, metrics);
            HeartbeatPublisher heartbeats = new HeartbeatPublisher(ps, metrics);
            TargetList targets = MeasurementPlan.targetList(cfg);
            MeasurementEngine engine =
                    new MeasurementEngine(measurementSettings(targets, cfg.measure()), Clock.systemUTC());
            ProbeAgent agent = new ProbeAgent(
                    cfg,
                    MeasurementPlan.local(targets, cfg.schedule()),
                    new EngineMeasurer(engine),
                    publisher,
                    heartbeats,
                    metrics,
                    Clock.systemUTC());
            FleetConfigFollower follower = cfg.fleetConfig()
                    ? new FleetConfigFollower(
                            cfg.bootstrapServers(),
                            cfg.schemaRegistryUrl(),
                            cfg.kafkaClient(),
                            cfg.networkKey(),
                            agent::applyFleetConfig)
                    : null;
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                log.info("event=probe_shutdown_requested");
                                if (follower != null) {
                                    follower.close();
                                }
                                agent.close(Duration.ofSeconds(10));
                                spool.close();
                                if (metricsServer != null) {
                                    metricsServer.close();
                                }
                                stopped.countDown();
                            },
                            "shutdown"));
            agent.start();
            if (follower != null) {
                follower.start();
            }
            stopped.await();
            return 0;
        }
    }

    @Command(
            name = "simulate",
            mixinStandardHelpOptions = true,
            modelTransformer = SimulateCommand.SettingOptions.class,
            description = "Run a virtual fleet from a scenario (a file, or a shipped scenario name such as "
                    + "pk-2024-01-20 or healthy-day) and publish its measurements and heartbeats.")
    static final class SimulateCommand implements Callable<Integer> {

        /** Where the simulator publishes: the Kafka settings every application shares. */
        static final Settings SETTINGS = Settings.of(
                "fleet simulator (vantage simulate)",
                KafkaSettings.BOOTSTRAP_SERVERS,
                KafkaSettings.SCHEMA_REGISTRY_URL,
                KafkaSettings.CLIENT_PROPERTIES);

        /** Adds the options of {@link #SETTINGS}. */
        static final class SettingOptions implements CommandLine.IModelTransformer {
            @Override
            public CommandSpec transform(CommandSpec command) {
                return CommandLineSettings.addOptions(command, SETTINGS);
            }
        }

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "scenario file or shipped scenario name")
        String scenario;

        @Option(
                names = "--speed",
                defaultValue = "300",
                description = "scenario seconds per wall second (default ${DEFAULT-VALUE}: 6 h in 72 s)")
        double speed;

        @Option(names = "--realtime", description = "run in real time (same as --speed 1)")
        boolean realtime;

        @Option(
                names = "--rate",
                description = "load test: produce this many measurements per wall second, "
                        + "advancing scenario time as fast as needed")
        Double rate;

        @Option(names = "--unpaced", description = "as fast as possible (tests, benchmarks)")
        boolean unpaced;

        @Option(names = "--duration", description = "run only the first part of the scenario, e.g. 30m")
        String duration;

        @Option(names = "--dry-run", description = "generate and count only; publish nothing")
        boolean dryRun;

        @Option(names = "--spool-dir", description = "spool directory (default: a new temporary directory)")
        Path spoolDir;

        @Option(
                names = "--spool-max-bytes",
                defaultValue = "1GiB",
                description = "spool bound (default ${DEFAULT-VALUE})")
        String spoolMaxBytes;

        @Option(
                names = "--progress",
                defaultValue = "5s",
                description = "progress line interval (default ${DEFAULT-VALUE})")
        String progress;

        @Option(
                names = "--drain-timeout",
                defaultValue = "10m",
                description = "how long to wait at the end for the spool to drain (default ${DEFAULT-VALUE})")
        String drainTimeout;

        @Option(names = "--publish-batch", defaultValue = "2000", description = "records per Kafka transaction")
        int publishBatch;

        @Option(
                names = "--enroll",
                description =
                        "enroll every virtual probe (as an operator would, on "
                                + "vantage.probe-enrollments.v1) and sign its records: for detectors run with VANTAGE_PROBE_TRUST=enrolled")
        boolean enroll;

        @Override
        public Integer call() throws Exception {
            Scenario s = ScenarioLoader.load(scenario);
            if (duration != null) {
                s = s.truncatedTo(ConfigValues.duration("--duration", duration));
            }
            Pacing pacing = unpaced
                    ? Pacing.asFastAsPossible()
                    : rate != null ? Pacing.atRate(rate) : realtime ? Pacing.realTime() : Pacing.atSpeed(speed);
            Duration progressEvery = ConfigValues.duration("--progress", progress);
            SimulationSink sink;
            if (dryRun) {
                sink = new CountingSink();
            } else {
                Resolved kafka = CommandLineSettings.resolve(spec, SETTINGS);
                String bootstrapServers = kafka.get(KafkaSettings.BOOTSTRAP_SERVERS);
                String registryUrl = kafka.get(KafkaSettings.SCHEMA_REGISTRY_URL);
                if (bootstrapServers == null) {
                    throw new ConfigException(
                            "--bootstrap-servers (or VANTAGE_BOOTSTRAP_SERVERS) is required unless --dry-run");
                }
                if (registryUrl == null) {
                    throw new ConfigException(
                            "--schema-registry-url (or VANTAGE_SCHEMA_REGISTRY_URL) is required unless --dry-run");
                }
                ClientProperties client = kafka.get(KafkaSettings.CLIENT_PROPERTIES);
                Path dir = spoolDir != null ? spoolDir : Files.createTempDirectory("vantage-sim-spool");
                Spool spool = Spool.open(
                        dir,
                        SpoolOptions.defaults()
                                .withMaxBytes(ConfigValues.bytes("--spool-max-bytes", spoolMaxBytes))
                                .withMaxRecords(Integer.MAX_VALUE));
                ProbeMetrics metrics = new ProbeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
                PublisherSettings ps = new PublisherSettings(
                        bootstrapServers, registryUrl, publisherId(dir), Duration.ofSeconds(10), publishBatch, client);
                if (enroll) {
                    ps = ps.withSigner(RecordSigner.of(FleetEnrollment.enroll(s, ps)));
                }
                sink = new PublisherSink(
                        new SpoolingPublisher(ps, spool, metrics),
                        new HeartbeatPublisher(ps, metrics),
                        metrics,
                        ConfigValues.duration("--drain-timeout", drainTimeout));
            }
            FleetSimulator sim = new FleetSimulator(s, sink, pacing, progressEvery);
            Runtime.getRuntime().addShutdownHook(new Thread(sim::stop, "sim-stop"));
            long t0 = System.nanoTime();
            SimulationStats stats = sim.run();
            sink.close();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "scenario %s: %d probes, %s .. %s%n%s  published=%d in %.1f s (%.0f/s)%n",
                    s.name(),
                    s.probeCount(),
                    s.start(),
                    s.end(),
                    stats.table(),
                    sink.delivered(),
                    secs,
                    sink.delivered() / secs);
            return sink.pending() == 0 ? 0 : 1;
        }

        /** Stable per spool directory, so a rerun with the same spool continues its transactions. */
        private static String publisherId(Path dir) {
            Path file = dir.resolve("publisher-id");
            try {
                if (Files.exists(file)) {
                    return Files.readString(file, StandardCharsets.UTF_8).trim();
                }
                String id = "simulator-" + UUID.randomUUID().toString().substring(0, 8);
                Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
                return id;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or write " + file, e);
            }
        }
    }

    /** Reports the probe version (from the jar manifest when packaged). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vantage-probe " + org.vantage.probe.config.ProbeVersion.VERSION};
        }
    }

    /** Dry-run sink: counts only. */
    static final class CountingSink implements SimulationSink {
        private long measurements;

        @Override
        public void measurements(java.util.List<Measurement> batch) {
            measurements += batch.size();
        }

        @Override
        public void heartbeat(ProbeHeartbeat heartbeat) {}

        @Override
        public long delivered() {
            return measurements;
        }

        @Override
        public long pending() {
            return 0;
        }

        @Override
        public void close() {}
    }
}
