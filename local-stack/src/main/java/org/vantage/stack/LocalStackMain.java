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
import org.vantage.kafka.ClientProperties;
import org.vantage.topics.VantageTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command line of the local stack: {@code up} (start and stay in the foreground), {@code down} (stop the
 * stack recorded in {@code <data-dir>/stack.json}) and {@code status}. Exit codes: 0 ok, 1 failure,
 * 2 usage error.
 */
@Command(name = "vantage-local-stack", mixinStandardHelpOptions = true, version = "Vantage local stack 0.1.0",
        description = "Single-machine Kafka (KRaft) broker, Schema Registry and Vantage topics.",
        subcommands = {LocalStackMain.Up.class, LocalStackMain.Down.class, LocalStackMain.Status.class,
                LocalStackMain.Provision.class})
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

    /** The data directory option shared by all commands. */
    static final class DataDir {
        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:VANTAGE_DATA_DIR:-.vantage}",
                description = "Where the stack keeps its data and stack.json (default: ${DEFAULT-VALUE};"
                        + " env VANTAGE_DATA_DIR).")
        Path dir;

        Path resolved() {
            return dir.toAbsolutePath().normalize();
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start broker, registry and topics; stay in the foreground until Ctrl-C or `down`.")
    static final class Up implements Callable<Integer> {
        @Mixin
        DataDir dataDir;

        @Option(names = "--kafka-port", defaultValue = "${env:VANTAGE_KAFKA_PORT:-0}",
                description = "Broker client port on 127.0.0.1, 0 = a free one (env VANTAGE_KAFKA_PORT).")
        int kafkaPort;

        @Option(names = "--registry-port", defaultValue = "${env:VANTAGE_REGISTRY_PORT:-0}",
                description = "Schema Registry port on 127.0.0.1, 0 = a free one (env VANTAGE_REGISTRY_PORT).")
        int registryPort;

        @Option(names = "--broker-heap", defaultValue = "${env:VANTAGE_BROKER_HEAP:-512m}",
                description = "Maximum heap of the broker JVM (default ${DEFAULT-VALUE}; env VANTAGE_BROKER_HEAP).")
        String brokerHeap;

        @Option(names = "--timeout", defaultValue = "${env:VANTAGE_START_TIMEOUT_SECONDS:-90}",
                description = "Seconds to wait for the broker and topics (env VANTAGE_START_TIMEOUT_SECONDS).")
        int timeoutSeconds;

        @Option(names = "--known-user-share", paramLabel = "CC=SHARE", split = ",",
                description = "Share (0..1] of a country's users on the networks with known subscriber figures,"
                        + " e.g. PK=0.85 (the default for PK).")
        Map<String, Double> knownUserShare = new LinkedHashMap<>();

        @Option(names = "--no-reference-data", description = "Do not publish the network reference table.")
        boolean noReferenceData;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (timeoutSeconds <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be positive");
            }
            PrintWriter out = spec.commandLine().getOut();
            Path dir = dataDir.resolved();
            StackFile.ensureNotRunning(dir);

            LocalStack.Builder builder = LocalStack.builder().dataDir(dir).kafkaPort(kafkaPort)
                    .registryPort(registryPort).brokerHeap(brokerHeap)
                    .timeout(Duration.ofSeconds(timeoutSeconds)).referenceData(!noReferenceData)
                    .progress(line -> {
                        out.println(PREFIX + line);
                        out.flush();
                    });
            knownUserShare.forEach(builder::knownUserShare);
            LocalStack stack = builder.start();
            AtomicBoolean stopping = new AtomicBoolean();
            Thread hook = new Thread(() -> {
                stopping.set(true);
                out.println(PREFIX + "stopping (registry, then broker pid " + stack.broker().pid() + ")");
                out.flush();
                try {
                    stack.close();
                } finally {
                    deleteQuietly(StackFile.path(dir));
                }
                out.println(PREFIX + "stopped");
                out.flush();
            }, "local-stack-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);

            Map<String, Integer> partitions = new LinkedHashMap<>();
            stack.topics().partitions().forEach((topic, count) -> partitions.put(topic.topicName(), count));
            new StackFile(stack.bootstrapServers(), stack.registryUrl(), dir.toString(),
                    StackFile.RecordedProcess.of(ProcessHandle.current()),
                    StackFile.RecordedProcess.of(ProcessHandle.of(stack.broker().pid()).orElseThrow()),
                    stack.broker().logFile().toString(), partitions).write(dir);

            out.println();
            out.printf("  Kafka bootstrap servers  %s%n", stack.bootstrapServers());
            out.printf("  Schema Registry URL      %s%n", stack.registryUrl());
            out.printf("  Broker pid / log         %d  %s%n", stack.broker().pid(), stack.broker().logFile());
            out.printf("  Stack file               %s%n", StackFile.path(dir));
            out.println("  Topics:");
            for (VantageTopic topic : VantageTopic.values()) {
                out.printf("    %-28s %2d partition(s)  %s%n", topic.topicName(),
                        stack.topics().partitions().get(topic), topic.compacted() ? "compacted"
                                : "retention " + topic.retention().map(LocalStackMain::humanDuration).orElse("-"));
            }
            out.println();
            out.println(PREFIX + "ready; Ctrl-C or `down --data-dir " + dir + "` stops the stack");
            out.flush();

            while (stack.broker().isAlive() || stopping.get()) {
                Thread.sleep(500);
            }
            spec.commandLine().getErr().println(PREFIX + "error: the broker exited unexpectedly; last lines of "
                    + stack.broker().logFile() + ":\n" + stack.broker().logTail());
            return 1;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop the stack recorded in <data-dir>/stack.json (SIGTERM to its processes).")
    static final class Down implements Callable<Integer> {
        @Mixin
        DataDir dataDir;

        @Option(names = "--timeout", defaultValue = "${env:VANTAGE_STOP_TIMEOUT_SECONDS:-60}",
                description = "Seconds to wait for each process to exit (env VANTAGE_STOP_TIMEOUT_SECONDS).")
        int timeoutSeconds;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = dataDir.resolved();
            Optional<StackFile> file = StackFile.read(dir);
            if (file.isEmpty()) {
                out.println(PREFIX + "no stack recorded in " + StackFile.path(dir) + "; nothing to stop");
                return 0;
            }
            boolean stopped = terminate("stack process", file.get().stack(), out)
                    & terminate("broker process", file.get().broker(), out);
            if (!stopped) {
                spec.commandLine().getErr().println(PREFIX + "error: some processes did not stop within "
                        + timeoutSeconds + " s; see above");
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
                exit.get(timeoutSeconds, TimeUnit.SECONDS);
                out.println(PREFIX + what + " " + recorded.pid() + " stopped");
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                out.println(PREFIX + what + " " + recorded.pid() + " is still running after " + timeoutSeconds + " s");
                return false;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show whether the stack recorded in <data-dir>/stack.json runs and answers.")
    static final class Status implements Callable<Integer> {
        @Mixin
        DataDir dataDir;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = dataDir.resolved();
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
            out.printf("  Schema Registry %-24s %s%n", file.schemaRegistryUrl(), registryAnswers ? "answers" : "NO ANSWER");
            out.printf("  topics          %d%n", file.topics() == null ? 0 : file.topics().size());
            boolean healthy = stackAlive && brokerAlive && kafkaAnswers && registryAnswers;
            out.println(PREFIX + (healthy ? "running" : "not healthy"));
            return healthy ? 0 : 1;
        }

        private static boolean kafkaAnswers(String bootstrap) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
                return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
            } catch (Exception e) {
                return false;
            }
        }

        private static boolean registryAnswers(String url) {
            try {
                HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                        .send(HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(5))
                                .GET().build(), HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200;
            } catch (IOException | RuntimeException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Command(name = "provision", mixinStandardHelpOptions = true,
            description = "Create the catalogue topics on an existing Kafka cluster and, when a"
            + " Schema Registry is given, publish the network reference table (for deployments without `up`).")
    static final class Provision implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
                defaultValue = "${env:VANTAGE_BOOTSTRAP_SERVERS}",
                description = "Kafka cluster (required; env VANTAGE_BOOTSTRAP_SERVERS).")
        String bootstrapServers;

        @Option(names = "--schema-registry-url", paramLabel = "URL", defaultValue = "${env:VANTAGE_SCHEMA_REGISTRY_URL}",
                description = "Schema Registry; without it the reference table is not published"
                        + " (env VANTAGE_SCHEMA_REGISTRY_URL).")
        String schemaRegistryUrl;

        @Option(names = "--schema-registry-user-info", paramLabel = "USER:PASSWORD",
                defaultValue = "${env:VANTAGE_SCHEMA_REGISTRY_USER_INFO}",
                description = "Basic auth for the registry (env VANTAGE_SCHEMA_REGISTRY_USER_INFO).")
        String userInfo;

        @Option(names = "--client-properties", paramLabel = "FILE", defaultValue = "${env:" + ClientProperties.ENV + "}",
                description = "Kafka client properties file (security.protocol, sasl.*, ssl.*, ...) for the Admin and"
                        + " producer (env " + ClientProperties.ENV + ").")
        String clientProperties;

        @Option(names = "--replication-factor", defaultValue = "${env:VANTAGE_REPLICATION_FACTOR:-1}",
                description = "Replicas of created topics (default ${DEFAULT-VALUE}; env VANTAGE_REPLICATION_FACTOR).")
        short replicationFactor;

        @Option(names = "--timeout", defaultValue = "${env:VANTAGE_START_TIMEOUT_SECONDS:-90}",
                description = "Seconds to wait for the cluster and for topic leaders.")
        int timeoutSeconds;

        @Option(names = "--known-user-share", paramLabel = "CC=SHARE", split = ",",
                description = "Share (0..1] of a country's users on the networks with known subscriber figures.")
        Map<String, Double> knownUserShare = new LinkedHashMap<>();

        @Option(names = "--strict", description = "Fail when existing topics differ from the catalogue.")
        boolean strict;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--bootstrap-servers (or VANTAGE_BOOTSTRAP_SERVERS) is required");
            }
            if (replicationFactor < 1 || timeoutSeconds <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--replication-factor and --timeout must be positive");
            }
            ClientProperties client;
            try {
                client = ClientProperties.fromPath(clientProperties, "--client-properties (or " + ClientProperties.ENV + ")");
            } catch (org.apache.kafka.common.config.ConfigException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            Map<String, Double> shares = new LinkedHashMap<>(ReferenceNetworks.DEFAULT_KNOWN_USER_SHARE);
            knownUserShare.forEach((country, share) -> shares.put(country.toUpperCase(java.util.Locale.ROOT), share));
            var networks = schemaRegistryUrl == null ? java.util.List.<org.vantage.schema.NetworkInfo>of()
                    : ReferenceNetworks.bundled(shares);
            TopicProvisioner.Report report;
            try (Admin admin = Admin.create(client.merge(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis())))) {
                report = new TopicProvisioner(admin, replicationFactor, timeout).provisionAll();
            }
            for (VantageTopic topic : VantageTopic.values()) {
                out.printf("  %-28s %2d partition(s)  %s%n", topic.topicName(), report.partitions().get(topic),
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
