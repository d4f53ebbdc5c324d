package org.vantage.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.Sources;
import org.vantage.detect.config.ConfigException;
import org.vantage.detect.config.ProcessorConfig;
import org.vantage.detect.config.ProcessorSettings;
import org.vantage.topics.VantageTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the detection stream processor and its HTTP API. Every setting of {@link ProcessorSettings} is an
 * environment variable and an option; the option wins.
 */
@Command(
        name = "vantage-detect",
        mixinStandardHelpOptions = true,
        modelTransformer = StreamProcessorMain.SettingOptions.class,
        description = "Vantage stream processor: measurements in, disruption alerts out.",
        footer = {
            "",
            "Every option is also an environment variable (named in its description); the option wins.",
            "Reference: docs/configuration.md."
        })
public final class StreamProcessorMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessorMain.class);

    @Option(
            names = "--http-host",
            defaultValue = "0.0.0.0",
            description = "HTTP API bind address (default ${DEFAULT-VALUE})")
    String httpHost;

    @Option(names = "--create-topics", description = "Create missing catalogue topics before starting")
    boolean createTopics;

    @Spec
    CommandSpec spec;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor for --create-topics")
    short topicReplication;

    /**
     * Catalogue topics whose owners create them (the registry, the operator publishing fleet configurations,
     * {@code vantage stack provision} for the probes' checkpoints and enrollment requests), not the processor.
     */
    private static final Set<VantageTopic> NOT_THE_PROCESSORS = Set.of(
            VantageTopic.SCHEMAS,
            VantageTopic.FLEET_CONFIG,
            VantageTopic.PROBE_CHECKPOINTS,
            VantageTopic.PROBE_ENROLLMENT_REQUESTS);

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamProcessorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ProcessorConfig config;
        try {
            config = ProcessorConfig.from(Sources.processEnvironment()
                    .withCommandLine(CommandLineSettings.values(spec, ProcessorSettings.ALL)));
            config.validate();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        DetectionService service = DetectionService.start(config, httpHost);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("shutting down");
                            service.close();
                            stopped.countDown();
                        },
                        "vantage-detect-shutdown"));
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            KafkaStreams.State state = service.streams().state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                LOG.error("Kafka Streams stopped ({}), exiting", state);
                service.close();
                return 1;
            }
        }
        return 0;
    }

    /** Adds an option for every setting of {@link ProcessorSettings}. */
    static final class SettingOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            return CommandLineSettings.addOptions(command, ProcessorSettings.ALL);
        }
    }

    /** Creates the catalogue topics the processor reads or writes that do not exist yet. */
    static void createMissingTopics(ProcessorConfig config, short replication) throws Exception {
        try (Admin admin = Admin.create(config.clientConfig())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (VantageTopic t : VantageTopic.values()) {
                if (!NOT_THE_PROCESSORS.contains(t) && !existing.contains(t.topicName())) {
                    missing.add(t.newTopic(replication));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                LOG.info(
                        "created topics {}",
                        missing.stream().map(NewTopic::name).toList());
            }
        }
    }
}
