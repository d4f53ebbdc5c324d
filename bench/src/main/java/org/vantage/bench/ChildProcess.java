package org.vantage.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running a main class of this class path, talking line by line on stdin/stdout; stderr goes to
 * a log file. Stopped by its own handle only.
 */
final class ChildProcess implements AutoCloseable {
    /** Children still running: a Ctrl-C or kill of the benchmark stops them too (by handle). */
    private static final java.util.Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildProcess::close), "stop-child-jvms"));
    }

    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<String, Long> stateTimes = new ConcurrentHashMap<>();
    private final Path log;
    private final String name;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        LIVE.add(this);
        Thread reader = new Thread(this::readLines, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(
            String name, String heap, List<String> jvmOptions, Path logDir, String mainClass, List<String> args) {
        return start(name, heap, jvmOptions, Map.of(), logDir, mainClass, args);
    }

    /** As above, with {@code env} added to the environment the child inherits from the benchmark. */
    static ChildProcess start(
            String name,
            String heap,
            List<String> jvmOptions,
            Map<String, String> env,
            Path logDir,
            String mainClass,
            List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-Dlogback.configurationFile=" + Benchmark.LOGBACK);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Path log = logDir.resolve(name + ".log");
        try {
            Files.createDirectories(logDir);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            return new ChildProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start child JVM " + name, e);
        }
    }

    private void readLines() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                lines.add(l);
                if (l.startsWith("STATE ")) {
                    String[] p = l.split(" ");
                    stateTimes.putIfAbsent(p[1], Long.parseLong(p[2]));
                }
                if (l.startsWith("ERROR")) {
                    System.out.println("  [" + name + "] " + l);
                }
            }
        } catch (IOException e) {
            // the child went away; waitFor reports it
        }
    }

    /** Epoch millis of the first time the child reported this Kafka Streams state, or null. */
    Long stateTime(String state) {
        return stateTimes.get(state);
    }

    /**
     * Fails when the child's JVM exited or its Kafka Streams client stopped on an error (the JVM then stays up, waiting for
     * {@code stop}; without this check a run would wait for progress that cannot come).
     */
    void failIfDown() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " died; see " + log);
        }
        if (stateTime("ERROR") != null || stateTime("PENDING_ERROR") != null) {
            String error = last("ERROR");
            throw new IllegalStateException(
                    name + " stopped on an error" + (error == null ? "" : ": " + error.substring(6)) + "; see " + log);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Waits for the first output line matching {@code p}; fails with the log's tail on timeout or death. */
    String await(Predicate<String> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                if (p.test(l)) {
                    return l;
                }
            }
            if (!process.isAlive()) {
                for (String l : lines) {
                    if (p.test(l)) {
                        return l;
                    }
                }
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(name + ": no expected output within " + timeout + "; see " + log);
    }

    /** Lines so far starting with {@code prefix}. */
    int count(String prefix) {
        int n = 0;
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    /** The most recent line starting with {@code prefix}, or null. */
    String last(String prefix) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(prefix)) {
                return lines.get(i);
            }
        }
        return null;
    }

    /** Sends one line to the child's stdin; false when the child is gone. */
    boolean send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends {@code command} and waits for the next line starting with {@code replyPrefix}. */
    String request(String command, String replyPrefix, Duration timeout) throws InterruptedException {
        int before = count(replyPrefix);
        send(command);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(replyPrefix) == before) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException(
                        name + ": no reply to '" + command + "' within " + timeout + "; see " + log);
            }
            Thread.sleep(20);
        }
        return last(replyPrefix);
    }

    /**
     * Kills the child the hard way (SIGKILL: no shutdown hook, no clean close of its stores or transactions), as a
     * crash or an OOM killer would, and waits until it is gone.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        LIVE.remove(this);
    }

    /** The child's peak resident set so far (VmHWM of /proc/<pid>/status) in bytes; -1 where there is no such file. */
    long peakRss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Sends {@code stop} and waits for the child's FINAL line; kills it (by handle) if it does not exit. */
    String stop(Duration timeout) throws InterruptedException {
        try {
            stdin.write("stop\n");
            stdin.flush();
        } catch (IOException e) {
            // already gone
        }
        String fin = null;
        try {
            fin = await(l -> l.startsWith("FINAL"), timeout);
        } catch (IllegalStateException e) {
            System.out.println("  [" + name + "] " + e.getMessage());
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        LIVE.remove(this);
        return fin;
    }

    @Override
    public void close() {
        LIVE.remove(this);
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Parses {@code key=value} pairs of a protocol line. */
    static long field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Long.parseLong(part.substring(key.length() + 1));
            }
        }
        throw new IllegalArgumentException("no " + key + " in '" + line + "'");
    }
}
