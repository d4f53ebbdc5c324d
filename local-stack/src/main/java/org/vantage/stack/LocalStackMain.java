package org.vantage.stack;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.vantage.config.CommandLineSettings;
import org.vantage.config.Durations;
import org.vantage.config.Resolved;
import org.vantage.config.Settings;
import org.vantage.config.SettingsException;
import org.vantage.kafka.ClientProperties;
import org.vantage.kafka.KafkaSettings;
import org.vantage.topics.VantageTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command line of the local stack: {@code up} (start and stay in the foreground), {@code down} (stop the
 * stack recorded in {@code <data-dir>/stack.json}) and {@code status}. Exit codes: 0 ok, 1 failure,
 * 2 usage error.
 */
@Command(
        name = "vantage-local-stack",
        mixinStandardHelpOptions = true,
        version = "Vantage local stack 0.1.0",
        description = "Single-machine Kafka (KRaft) broker, Schema Registry and Vantage topics.",
        subcommands = {
            LocalStackMain.Up.class,
            LocalStackMain.Down.class,
            LocalStackMain.Status.class,
            LocalStackMain.Provision.class
        })
public final class LocalStackMain implements Runnable {

    static final String PREFIX = "vantage: ";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: up, down or status");
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "org/vantage/stack/cli-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line, also mounted as {@code vantage stack}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LocalStackMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(PREFIX + "error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            cmd.getErr().flush();
            return 1;
        });
        return cli;
    }

    /**
     * This command's settings: options, then the environment, then the defaults.
     *
     * @throws CommandLine.ParameterException (exit 2) listing every bad value
     */
    static Resolved settings(CommandLine.Model.CommandSpec spec, Settings settings) {
        try {
            return CommandLineSettings.resolve(spec, settings);
        } catch (SettingsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    static Path dataDir(Resolved settings) {
        return settings.get(LocalStackSettings.DATA_DIR).toAbsolutePath().normalize();
    }

    /** Adds the options of {@link LocalStackSettings#UP}. */
    static final class UpOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            return CommandLineSettings.addOptions(spec, LocalStackSettings.UP);
        }
    }

    /** Adds the options of {@link LocalStackSettings#DOWN}. */
    static final class DownOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            return CommandLineSettings.addOptions(spec, LocalStackSettings.DOWN);
        }
    }

    /** Adds the options of {@link LocalStackSettings#STATUS}. */
    static final class StatusOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            return CommandLineSettings.addOptions(spec, LocalStackSettings.STATUS);
        }
    }

    /** Adds the options of {@link LocalStackSettings#PROVISION}. */
    static final class ProvisionOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            return CommandLineSettings.addOptions(spec, LocalStackSettings.PROVISION);
        }
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            modelTransformer = UpOptions.class,
            description = "Start broker, registry and topics; stay in the foreground until Ctrl-C or `down`.")
    static final class Up implements Callable<Integer> {
        @Option(
                names = "--known-user-share",
                paramLabel = "CC=SHARE",
                split = ",",
                description = "Share (0..1] of a country's users on the networks with known subscriber figures,"
                        + " e.g. PK=0.85 (the default for PK).")
        Map<String, Double> knownUserShare = new LinkedHashMap<>();

        @Option(names = "--no-reference-data", description = "Do not publish the network reference table.")
        boolean noReferenceData;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Resolved settings = settings(spec, LocalStackSettings.UP);
            PrintWriter out = spec.commandLine().getOut();
            Path dir = dataDir(settings);
            StackFile.ensureNotRunning(dir);

            LocalStack.Builder builder = LocalStack.builder()
                    .dataDir(dir)
                    .kafkaPort(settings.get(LocalStackSettings.KAFKA_PORT))
                    .registryPort(settings.get(LocalStackSettings.REGISTRY_PORT))
                    .brokerHeap(settings.get(LocalStackSettings.BROKER_HEAP))
                    .timeout(settings.get(LocalStackSettings.START_TIMEOUT))
                    .referenceData(!noReferenceData)
                    .progress(line -> {
                        out.println(PREFIX + line);
                        out.flush();
                    });
            knownUserShare.forEach(builder::knownUserShare);
            LocalStack stack = builder.start();
            AtomicBoolean stopping = new AtomicBoolean();
            Thread hook = new Thread(
                    () -> {
                        stopping.set(true);
                        out.println(PREFIX + "stopping (registry, then broker pid "
                                + stack.broker().pid() + ")");
                        out.flush();
                        try {
                            stack.close();
                        } finally {
                            deleteQuietly(StackFile.path(dir));
                        }
                        out.println(PREFIX + "stopped");
                        out.flush();
                    },
                    "local-stack-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);

            Map<String, Integer> partitions = new LinkedHashMap<>();
            stack.topics().partitions().forEach((topic, count) -> partitions.put(topic.topicName(), count));
            new StackFile(
                            stack.bootstrapServers(),
                            stack.registryUrl(),
                            dir.toString(),
                            StackFile.RecordedProcess.of(ProcessHandle.current()),
                            StackFile.RecordedProcess.of(
                                    ProcessHandle.of(stack.broker().pid()).orElseThrow()),
                            stack.broker().logFile().toString(),
                            partitions)
                    .write(dir);

            out.println();
            out.printf("  Kafka bootstrap servers  %s%n", stack.bootstrapServers());
            out.printf("  Schema Registry URL      %s%n", stack.registryUrl());
            out.printf(
                    "  Broker pid / log         %d  %s%n",
                    stack.broker().pid(), stack.broker().logFile());
            out.printf("  Stack file               %s%n", StackFile.path(dir));
            out.println("  Topics:");
            for (VantageTopic topic : VantageTopic.values()) {
                out.printf(
                        "    %-28s %2d partition(s)  %s%n",
                        topic.topicName(),
                        stack.topics().partitions().get(topic),
                        topic.compacted()
                                ? "compacted"
                                : "retention "
                                        + topic.retention()
                                                .map(LocalStackMain::humanDuration)
                                                .orElse("-"));
            }
            out.println();
            out.println(PREFIX + "ready; Ctrl-C or `down --data-dir " + dir + "` stops the stack");
            out.flush();

            while (stack.broker().isAlive() || stopping.get()) {
                Thread.sleep(500);
            }
            spec.commandLine()
                    .getErr()
                    .println(PREFIX + "error: the broker exited unexpectedly; last lines of "
                            + stack.broker().logFile() + ":\n" + stack.broker().logTail());
            return 1;
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            modelTransformer = DownOptions.class,
            description = "Stop the stack recorded in <data-dir>/stack.json (SIGTERM to its processes).")
    static final class Down implements Callable<Integer> {
        private Duration timeout;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Resolved settings = settings(spec, LocalStackSettings.DOWN);
            timeout = settings.get(LocalStackSettings.STOP_TIMEOUT);
            PrintWriter out = spec.commandLine().getOut();
            Path dir = dataDir(settings);
            Optional<StackFile> file = StackFile.read(dir);
            if (file.isEmpty()) {
                out.println(PREFIX + "no stack recorded in " + StackFile.path(dir) + "; nothing to stop");
                return 0;
            }
            boolean stopped = terminate("stack process", file.get().stack(), out)
                    & terminate("broker process", file.get().broker(), out);
            if (!stopped) {
                spec.commandLine()
                        .getErr()
                        .println(PREFIX + "error: some processes did not stop within " + Durations.format(timeout)
                                + "; see above");
                return 1;
            }
            deleteQuietly(StackFile.path(dir));
            out.println(PREFIX + "stack in " + dir + " is down");
            return 0;
        }

        /** SIGTERM to the recorded process if it is still that process; waits for it to exit. */
        private boolean terminate(String what, StackFile.RecordedProcess recorded, PrintWriter out) throws Exception {
            Optional<ProcessHandle> live = recorded.live();
            if (live.isEmpty()) {
                out.println(PREFIX + what + " " + recorded.pid() + " is not running");
                return true;
            }
            out.println(PREFIX + "stopping " + what + " " + recorded.pid() + " (SIGTERM)");
            out.flush();
            CompletableFuture<ProcessHandle> exit = live.get().onExit();
            live.get().destroy();
            try {
                exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                out.println(PREFIX + what + " " + recorded.pid() + " stopped");
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                out.println(
                        PREFIX + what + " " + recorded.pid() + " is still running after " + Durations.format(timeout));
                return false;
            }
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            modelTransformer = StatusOptions.class,
            description = "Show whether the stack recorded in <data-dir>/stack.json runs and answers.")
    static final class Status implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = dataDir(settings(spec, LocalStackSettings.STATUS));
            Optional<StackFile> read = StackFile.read(dir);
            if (read.isEmpty()) {
                out.println(PREFIX + "not running (no " + StackFile.path(dir) + ")");
                return 1;
            }
            StackFile file = read.get();
            boolean stackAlive = file.stack().live().isPresent();
            boolean brokerAlive = file.broker().live().isPresent();
            boolean kafkaAnswers = kafkaAnswers(file.bootstrapServers());
            boolean registryAnswers = registryAnswers(file.schemaRegistryUrl());
            out.printf("  stack process   %-8d %s%n", file.stack().pid(), stackAlive ? "running" : "NOT RUNNING");
            out.printf("  broker process  %-8d %s%n", file.broker().pid(), brokerAlive ? "running" : "NOT RUNNING");
            out.printf("  Kafka           %-24s %s%n", file.bootstrapServers(), kafkaAnswers ? "answers" : "NO ANSWER");
            out.printf(
                    "  Schema Registry %-24s %s%n",
                    file.schemaRegistryUrl(), registryAnswers ? "answers" : "NO ANSWER");
            out.printf(
                    "  topics          %d%n",
                    file.topics() == null ? 0 : file.topics().size());
            boolean healthy = stackAlive && brokerAlive && kafkaAnswers && registryAnswers;
            out.println(PREFIX + (healthy ? "running" : "not healthy"));
            return healthy ? 0 : 1;
        }

        private static boolean kafkaAnswers(String bootstrap) {
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    5000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    5000))) {
                return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
            } catch (Exception e) {
                return false;
            }
        }

        private static boolean registryAnswers(String url) {
            try {
                HttpResponse<Void> response = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build()
                        .send(
                                HttpRequest.newBuilder(URI.create(url + "/subjects"))
                                        .timeout(Duration.ofSeconds(5))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200;
            } catch (IOException | RuntimeException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Command(
            name = "provision",
            mixinStandardHelpOptions = true,
            modelTransformer = ProvisionOptions.class,
            description = "Create the catalogue topics on an existing Kafka cluster and, when a"
                    + " Schema Registry is given, publish the network reference table (for deployments without `up`).")
    static final class Provision implements Callable<Integer> {
        @Option(
                names = "--known-user-share",
                paramLabel = "CC=SHARE",
                split = ",",
                description = "Share (0..1] of a country's users on the networks with known subscriber figures.")
        Map<String, Double> knownUserShare = new LinkedHashMap<>();

        @Option(names = "--strict", description = "Fail when existing topics differ from the catalogue.")
        boolean strict;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Resolved settings = settings(spec, LocalStackSettings.PROVISION);
            String bootstrapServers = settings.get(LocalStackSettings.BOOTSTRAP_SERVERS);
            String schemaRegistryUrl = settings.get(LocalStackSettings.SCHEMA_REGISTRY_URL);
            String userInfo = settings.get(LocalStackSettings.SCHEMA_REGISTRY_USER_INFO);
            ClientProperties client = settings.get(KafkaSettings.CLIENT_PROPERTIES);
            short replicationFactor =
                    settings.get(LocalStackSettings.REPLICATION_FACTOR).shortValue();
            PrintWriter out = spec.commandLine().getOut();
            Duration timeout = settings.get(LocalStackSettings.START_TIMEOUT);
            Map<String, Double> shares = new LinkedHashMap<>(ReferenceNetworks.DEFAULT_KNOWN_USER_SHARE);
            knownUserShare.forEach((country, share) -> shares.put(country.toUpperCase(java.util.Locale.ROOT), share));
            var networks = schemaRegistryUrl == null
                    ? java.util.List.<org.vantage.schema.NetworkInfo>of()
                    : ReferenceNetworks.bundled(shares);
            TopicProvisioner.Report report;
            try (Admin admin = Admin.create(client.merge(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    (int) timeout.toMillis())))) {
                report = new TopicProvisioner(admin, replicationFactor, timeout).provisionAll();
            }
            for (VantageTopic topic : VantageTopic.values()) {
                out.printf(
                        "  %-28s %2d partition(s)  %s%n",
                        topic.topicName(),
                        report.partitions().get(topic),
                        report.created().contains(topic) ? "created" : "existed");
            }
            report.mismatches().forEach(m -> out.println(PREFIX + "WARNING: " + m));
            if (!networks.isEmpty()) {
                Map<String, Object> config = new LinkedHashMap<>(client.settings());
                config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                config.put(org.vantage.registry.serde.AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
                if (userInfo != null && !userInfo.isBlank()) {
                    config.put(org.vantage.registry.serde.AvroSerdeConfig.BASIC_AUTH_USER_INFO, userInfo);
                }
                ReferenceNetworks.publish(config, networks, timeout);
                out.println(PREFIX + "published " + networks.size() + " reference networks to "
                        + VantageTopic.NETWORKS.topicName());
            }
            if (strict && !report.consistent()) {
                spec.commandLine().getErr().println(PREFIX + "error: existing topics differ from the catalogue");
                return 1;
            }
            out.println(PREFIX + "topics ready on " + bootstrapServers);
            return 0;
        }
    }

    static String humanDuration(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "min";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing useful to do while shutting down; the next `up` replaces a stale file
        }
    }
}
