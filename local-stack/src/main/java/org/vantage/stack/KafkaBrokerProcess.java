package org.vantage.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Apache Kafka node (KRaft, broker and controller in one process) running as a child JVM of this
 * one, on loopback ports, with its data in a directory of its own.
 *
 * <p>Layout of {@link #dataDir()}: {@code server.properties} and {@code logback.xml} (rewritten at every
 * start), {@code broker.log} (the child's stdout and stderr, appended) and {@code data/} (Kafka's
 * {@code log.dirs}, formatted once and kept across restarts).
 *
 * <p>A child JVM rather than an in-process server: a test can SIGKILL it like a real crash, restart it on
 * the same ports and data, and the broker's memory and threads stay out of the caller's JVM. The child
 * exits by itself when this JVM dies (see {@link BrokerMain}).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    private static final Pattern BIND_FAILURE = Pattern.compile("Address already in use|BindException");
    private static final int PICKED_PORT_ATTEMPTS = 3;
    private static final Pattern ERROR_LINE = Pattern.compile("\\b(ERROR|FATAL)\\b|^Error:|^Exception");
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} ");
    private static final int LOG_ERROR_LINES = 15;
    private static final int LOG_TAIL_LINES = 20;
    private static final long MAX_LOG_BYTES = 20L * 1024 * 1024;

    private final Path dataDir;
    private final String heap;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final boolean portsPicked;
    private volatile KafkaServerProperties config;
    // volatile, and read without the lock: isAlive() and pid() must answer while a restart is waiting
    private volatile Process process;
    private volatile long logOffsetAtLaunch;

    KafkaBrokerProcess(
            Path dataDir,
            KafkaServerProperties config,
            boolean portsPicked,
            String heap,
            Duration startTimeout,
            Duration stopTimeout) {
        this.dataDir = dataDir;
        this.config = config;
        this.portsPicked = portsPicked;
        this.heap = heap;
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:PORT} of this node's client listener. */
    public String bootstrapServers() {
        return config.bootstrapServer();
    }

    public int port() {
        return config.brokerPort();
    }

    public int controllerPort() {
        return config.controllerPort();
    }

    public int nodeId() {
        return config.nodeId();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The child's stdout and stderr. */
    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** Operating-system process id of the broker JVM; throws when it was never started. */
    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException("broker " + nodeId() + " was never started");
        }
        return current.pid();
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Clean shutdown: SIGTERM, wait for the broker to close its logs, SIGKILL only if it hangs. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("broker {} (pid {}) did not stop within {}; killing it", nodeId(), process.pid(), stopTimeout);
                process.destroyForcibly().waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Crash: SIGKILL, no shutdown of any kind; for fault-injection tests. */
    public synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the broker if it runs, then starts it again on the same ports and data; waits until ready. */
    public synchronized void restart() {
        stop();
        launch();
        awaitReady();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "kafka node " + nodeId() + " at " + bootstrapServers() + " (data " + dataDir + ")";
    }

    /** Writes the configuration and starts the child JVM; does not wait. */
    synchronized void launch() {
        if (isAlive()) {
            throw new IllegalStateException(this + " is already running (pid " + process.pid() + ")");
        }
        Path properties = dataDir.resolve("server.properties");
        Path logback = dataDir.resolve("logback.xml");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(properties, config.render());
            writeLogbackConfig(logback);
            rotateLog();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration in " + dataDir, e);
        }
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlogback.configurationFile=" + logback.toAbsolutePath());
        command.add("-cp");
        command.add(ChildJvm.classPath());
        command.add(BrokerMain.class.getName());
        command.add(properties.toAbsolutePath().toString());
        try {
            logOffsetAtLaunch = Files.exists(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            logOffsetAtLaunch = 0;
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        // stdin stays a pipe: its end-of-file tells the child that this JVM is gone
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker JVM (" + command.get(0) + ")", e);
        }
        log.debug("started {} as pid {}", this, process.pid());
    }

    /**
     * Waits until this node answers and lists itself among the live brokers (and, at the first start of a
     * cluster, all of its brokers), or fails with the tail of its log.
     */
    synchronized void awaitReady() {
        awaitReady(1);
    }

    synchronized void awaitReady(int expectedBrokers) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new BrokerStartException(this + " exited with code " + process.exitValue()
                            + " while starting; last lines of " + logFile() + ":\n" + logTail());
                }
                try {
                    var nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    if (nodes.size() >= expectedBrokers && nodes.stream().anyMatch(n -> n.id() == nodeId())) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new BrokerStartException(this + " was not ready within " + startTimeout + "; last lines of "
                            + logFile() + ":\n" + logTail());
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted while waiting for " + this);
        }
    }

    /** Formats {@code data/} unless it already holds a formatted log directory (then its cluster id is kept). */
    void formatIfNeeded(String clusterId) {
        Path properties = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(properties, config.render());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + properties, e);
        }
        if (Files.exists(config.logDir().resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = kafka.tools.StorageTool.execute(
                    new String[] {
                        "format", "--cluster-id", clusterId, "--config", properties.toString(), "--ignore-formatted"
                    },
                    out);
        } catch (RuntimeException e) {
            throw new BrokerStartException(
                    "formatting " + config.logDir() + " failed: " + e.getMessage() + "\n"
                            + output.toString(StandardCharsets.UTF_8),
                    e);
        }
        if (code != 0) {
            throw new BrokerStartException("formatting " + config.logDir() + " failed (exit " + code + "):\n"
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** Starts with the configured ports; with picked ports, picks new ones when another process took them. */
    private void startFirstTime() {
        for (int attempt = 1; ; attempt++) {
            launch();
            try {
                awaitReady();
                return;
            } catch (BrokerStartException e) {
                boolean bindRace = portsPicked
                        && !isAlive()
                        && BIND_FAILURE.matcher(logTail()).find();
                if (!bindRace || attempt >= PICKED_PORT_ATTEMPTS) {
                    stop();
                    throw e;
                }
                log.info(
                        "port {} or {} was taken before the broker bound it; picking new ports",
                        config.brokerPort(),
                        config.controllerPort());
                int[] ports = FreePorts.pickDistinct(2);
                config = new KafkaServerProperties(
                        config.nodeId(),
                        ports[0],
                        ports[1],
                        config.logDir(),
                        List.of(new KafkaServerProperties.Node(config.nodeId(), ports[1])),
                        config.overrides());
            }
        }
    }

    /** Keeps one previous log: a stack that is started every day must not fill the disk. */
    private void rotateLog() throws IOException {
        Path current = logFile();
        if (Files.exists(current) && Files.size(current) > MAX_LOG_BYTES) {
            Files.move(current, dataDir.resolve("broker.log.1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * What the current (or last) broker JVM wrote that explains a failure: its ERROR and FATAL lines first
     * (a failed start ends with a long shutdown that would bury them), then its last lines. Earlier runs'
     * lines in the same file are left out.
     */
    String logTail() {
        List<String> lines;
        try {
            if (!Files.exists(logFile())) {
                return "(no log written)";
            }
            byte[] all = Files.readAllBytes(logFile());
            int from = (int) Math.min(logOffsetAtLaunch, all.length);
            lines = new String(all, from, all.length - from, StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile() + ": " + e.getMessage() + ")";
        }
        if (lines.isEmpty()) {
            return "(the broker wrote nothing)";
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size() && errors.size() < LOG_ERROR_LINES; i++) {
            String line = lines.get(i);
            // an ERROR line, the exception line logged under it, and the causes of that exception
            boolean exceptionOfPrevious = i > 0
                    && ERROR_LINE.matcher(lines.get(i - 1)).find()
                    && !line.startsWith("\t")
                    && !LOG_LINE.matcher(line).find();
            if (ERROR_LINE.matcher(line).find() || exceptionOfPrevious || line.startsWith("Caused by:")) {
                errors.add(line);
            }
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        StringBuilder out = new StringBuilder();
        if (!errors.isEmpty()) {
            out.append("errors:\n").append(String.join("\n", errors)).append("\nlast lines:\n");
        }
        return out.append(String.join("\n", tail)).toString();
    }

    private static void writeLogbackConfig(Path file) throws IOException {
        Files.writeString(file, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka.request.logger" level="WARN"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <logger name="org.apache.kafka.clients" level="WARN"/>
                  <logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
                  <!-- the full configuration dump at every start; server.properties is beside the log -->
                  <logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
                  <logger name="kafka.server.KafkaConfig" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    /** The broker did not come up; the message carries the reason or the tail of its log. */
    public static final class BrokerStartException extends RuntimeException {
        BrokerStartException(String message) {
            super(message);
        }

        BrokerStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Settings of a single-node broker. All optional; ports 0 mean free ports picked at start. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int controllerPort;
        private String heap = "512m";
        private Duration startTimeout = Duration.ofSeconds(90);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {}

        /** Where configuration, log and data live; created when missing, data kept when present. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        /** Maximum heap of the broker JVM in {@code -Xmx} syntax, e.g. {@code 512m} or {@code 1g}. */
        public Builder heap(String heap) {
            if (heap == null || !heap.matches("\\d+[kKmMgG]?")) {
                throw new IllegalArgumentException("heap must look like 512m or 1g, got " + heap);
            }
            this.heap = heap;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = requirePositive(timeout, "startTimeout");
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = requirePositive(timeout, "stopTimeout");
            return this;
        }

        /** Any broker setting, applied last (e.g. {@code auto.create.topics.enable=true}). */
        public Builder property(String key, String value) {
            overrides.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /** Formats storage when new, starts the child JVM and returns once the broker answers. */
        public KafkaBrokerProcess start() {
            if (dataDir == null) {
                throw new IllegalStateException("dataDir is required");
            }
            // picked ports are free now, so they differ from any fixed port that is about to be bound
            int[] picked = FreePorts.pickDistinct(2);
            int broker = port == 0 ? picked[0] : FreePorts.requireValid(port);
            int controller = controllerPort == 0 ? picked[1] : FreePorts.requireValid(controllerPort);
            if (broker == controller) {
                throw new IllegalArgumentException("broker and controller ports must differ, both are " + broker);
            }
            KafkaServerProperties config = new KafkaServerProperties(
                    1,
                    broker,
                    controller,
                    dataDir.resolve("data"),
                    List.of(new KafkaServerProperties.Node(1, controller)),
                    overrides);
            KafkaBrokerProcess node = new KafkaBrokerProcess(
                    dataDir, config, port == 0 && controllerPort == 0, heap, startTimeout, stopTimeout);
            node.formatIfNeeded(Uuid.randomUuid().toString());
            node.startFirstTime();
            return node;
        }

        /**
         * Starts {@code size} nodes, ids 1..size, each broker and controller (a quorum of {@code size} voters),
         * data in {@code <dataDir>/node-<id>}, internal topics replicated {@code min(3, size)} times. Ports are
         * always picked; fixed ports apply to a single node only.
         */
        public KafkaCluster startCluster(int size) {
            if (dataDir == null) {
                throw new IllegalStateException("dataDir is required");
            }
            if (size < 1) {
                throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
            }
            if (port != 0 || controllerPort != 0) {
                throw new IllegalArgumentException("fixed ports apply to a single node; leave them 0 for a cluster");
            }
            int[] picked = FreePorts.pickDistinct(2 * size);
            List<int[]> ports = new ArrayList<>();
            List<KafkaServerProperties.Node> voters = new ArrayList<>();
            for (int id = 1; id <= size; id++) {
                int[] pair = {picked[2 * (id - 1)], picked[2 * (id - 1) + 1]};
                ports.add(pair);
                voters.add(new KafkaServerProperties.Node(id, pair[1]));
            }
            String clusterId = Uuid.randomUuid().toString();
            List<KafkaBrokerProcess> nodes = new ArrayList<>();
            for (int id = 1; id <= size; id++) {
                Path nodeDir = dataDir.resolve("node-" + id);
                KafkaServerProperties config = new KafkaServerProperties(
                        id, ports.get(id - 1)[0], ports.get(id - 1)[1], nodeDir.resolve("data"), voters, overrides);
                nodes.add(new KafkaBrokerProcess(nodeDir, config, false, heap, startTimeout, stopTimeout));
            }
            KafkaCluster cluster = new KafkaCluster(nodes);
            try {
                nodes.forEach(n -> n.formatIfNeeded(clusterId));
                // all at once: no node can finish starting before a majority of the quorum runs
                nodes.forEach(KafkaBrokerProcess::launch);
                nodes.forEach(n -> n.awaitReady(size));
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }

        private static Duration requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
