package org.vantage.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;

/**
 * Kafka client settings from a standard client properties file, merged into every producer, consumer, Admin
 * and Kafka Streams configuration a Vantage application builds: {@code security.protocol}, {@code sasl.*},
 * {@code ssl.*}, timeouts such as {@code session.timeout.ms}, or any other client setting. The Avro serdes
 * read their registry settings ({@code basic.auth.user.info}, {@code schema.registry.ssl.truststore.*},
 * {@code auto.register.schemas}) from the same map, so they may be in the same file.
 *
 * <p>A file rather than one environment variable per setting keeps secrets such as {@code sasl.jaas.config}
 * out of the environment and out of process listings.
 *
 * <p>Settings the application sets itself win over the file ({@link #merge}): they are either needed for
 * correctness ({@code transactional.id}, {@code isolation.level}, {@code processing.guarantee}, ...) or
 * derived from the application's own configuration ({@code bootstrap.servers}, timeouts, client ids).
 */
public final class ClientProperties {

    /** The environment variable of the file's path ({@link KafkaSettings#CLIENT_PROPERTIES}). */
    public static final String ENV = "VANTAGE_KAFKA_CLIENT_PROPERTIES";

    private static final ClientProperties NONE = new ClientProperties(null, Map.of());

    private final Path file;
    private final Map<String, String> settings;

    private ClientProperties(Path file, Map<String, String> settings) {
        this.file = file;
        this.settings = settings;
    }

    /** No file: applications build their clients from their own settings alone. */
    public static ClientProperties none() {
        return NONE;
    }

    /** Settings given in code (tests, embedding applications); never read from a file. */
    public static ClientProperties of(Map<String, String> settings) {
        return settings.isEmpty()
                ? NONE
                : new ClientProperties(null, Collections.unmodifiableMap(new LinkedHashMap<>(settings)));
    }

    /**
     * Reads a properties file the way Kafka's own tools read {@code --command-config} files.
     *
     * @param file    the file
     * @param setting what named the file (a variable, key or option), for the error message
     * @throws ConfigException naming {@code setting} and the path when the file is missing or unreadable
     */
    public static ClientProperties load(Path file, String setting) {
        try {
            return read(file);
        } catch (ConfigException e) {
            throw new ConfigException(setting + ": " + e.getMessage());
        }
    }

    /**
     * Reads the file at {@code path}: the parser of the {@code kafka.client-properties} setting.
     *
     * @throws IllegalArgumentException saying what is wrong with the file (the caller names the setting)
     */
    public static ClientProperties parse(String path) {
        try {
            return read(Path.of(path.trim()));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + path + "' is not a file path: " + e.getMessage());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static ClientProperties read(Path file) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(
                    "Kafka client properties file " + absolute + " does not exist or is not readable");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read Kafka client properties file " + absolute + ": " + e.getMessage());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        // Values are kept as written: an empty value is meaningful (ssl.endpoint.identification.algorithm=)
        new TreeSet<>(p.stringPropertyNames()).forEach(k -> settings.put(k, p.getProperty(k)));
        return new ClientProperties(absolute, Collections.unmodifiableMap(settings));
    }

    /** The file the settings came from, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The settings, read-only, in key order. */
    public Map<String, String> settings() {
        return settings;
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /**
     * A new, mutable configuration: these settings with {@code own} on top, so the application's own
     * settings win over the file.
     */
    public Map<String, Object> merge(Map<String, ?> own) {
        Map<String, Object> merged = new HashMap<>(settings);
        merged.putAll(own);
        return merged;
    }

    /** {@link #merge(Map)} for APIs that take {@link Properties} (Kafka Streams). */
    public Properties merge(Properties own) {
        Properties merged = new Properties();
        merged.putAll(settings);
        merged.putAll(own);
        return merged;
    }

    /** Names the file and the keys only: values may be secrets. */
    @Override
    public String toString() {
        return "ClientProperties[file=" + file + ", keys=" + settings.keySet() + "]";
    }
}
