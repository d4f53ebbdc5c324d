package org.vantage.stack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <data-dir>/stack.json}: where a running local stack listens and which processes belong to it.
 * Written by {@code up} once everything is ready and removed when it stops; read by {@code down},
 * {@code status} and by other tools that want to find the stack.
 *
 * <p>Each process is recorded with its start time so that {@code down} never signals a process that
 * merely reuses a recorded PID after a crash.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StackFile(
        String bootstrapServers,
        String schemaRegistryUrl,
        String dataDir,
        RecordedProcess stack,
        RecordedProcess broker,
        String brokerLog,
        Map<String, Integer> topics) {

    public static final String FILE_NAME = "stack.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A process by PID and start time (ISO-8601, as the operating system reports it; null if unknown). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecordedProcess(long pid, String startedAt) {

        public static RecordedProcess of(ProcessHandle handle) {
            return new RecordedProcess(
                    handle.pid(),
                    handle.info().startInstant().map(Object::toString).orElse(null));
        }

        /** The live process if it is still the one recorded (same PID and start time). */
        public Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> startedAt == null
                            || h.info()
                                    .startInstant()
                                    .map(Object::toString)
                                    .map(startedAt::equals)
                                    .orElse(true));
        }
    }

    public static Path path(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** Writes atomically (temp file + rename) so readers never see half a file. */
    public void write(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, path(dataDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<StackFile> read(Path dataDir) throws IOException {
        Path file = path(dataDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StackFile.class));
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " (" + e.getMessage() + "); delete it if no stack runs", e);
        }
    }

    /**
     * Fails when a stack recorded in {@code dataDir} still runs (its own process or its broker); removes a
     * stack file left behind by a run that did not stop cleanly.
     */
    public static void ensureNotRunning(Path dataDir) throws IOException {
        Optional<StackFile> previous = read(dataDir);
        if (previous.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> stack = previous.get().stack().live();
        if (stack.isPresent()) {
            throw new IllegalStateException("a stack already runs from " + dataDir + " (pid "
                    + stack.get().pid() + ", bootstrap " + previous.get().bootstrapServers()
                    + "); stop it with `down`");
        }
        Optional<ProcessHandle> broker = previous.get().broker().live();
        if (broker.isPresent()) {
            throw new IllegalStateException("the broker of an earlier run (pid "
                    + broker.get().pid() + ") still runs from " + dataDir + "; stop it with `down`");
        }
        Files.delete(path(dataDir));
    }
}
