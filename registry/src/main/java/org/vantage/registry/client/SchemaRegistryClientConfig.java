package org.vantage.registry.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed, validated settings of a Schema Registry client, read from the same flat map Kafka hands to
 * serializers (so the keys are Confluent's where Confluent has one). Invalid values fail at construction
 * with a {@link ConfigException} naming the key.
 *
 * @param urls            registry base URLs ({@code http(s)://host:port}, comma-separated in the map; tried
 *                        in order on connection failure) or a single {@code mock://scope}
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, if any
 * @param truststore      trust store file for HTTPS, if any (else the JVM default trust)
 * @param truststorePassword password of the trust store, if any
 * @param truststoreType  trust store type (default the JVM default, PKCS12)
 * @param connectTimeout  TCP connect timeout
 * @param requestTimeout  time to wait for a whole response
 * @param maxRetries      retries after a connection failure or 5xx (0 = try once)
 * @param retryBackoff    first backoff; doubles per retry up to {@code retryBackoffMax}
 * @param retryBackoffMax backoff cap
 */
public record SchemaRegistryClientConfig(
        List<URI> urls,
        Optional<String> basicAuthUserInfo,
        Optional<Path> truststore,
        Optional<String> truststorePassword,
        String truststoreType,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        Duration retryBackoffMax) {

    /** Registry URL(s), required: {@code http://host:port}, comma-separated list, or {@code mock://scope}. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** {@code user:password} for HTTP basic auth against the registry. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Trust store (file path) for an {@code https://} registry. */
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    /** Password of the trust store. */
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    /** Type of the trust store (PKCS12, JKS). */
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    /** TCP connect timeout in ms (default 5000). */
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    /** Whole-response timeout in ms (default 10000). */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    /** Retries after connection failures and 5xx responses (default 3). */
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    /** First retry backoff in ms, doubled per retry (default 100). */
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    /** Maximum retry backoff in ms (default 2000). */
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";

    public SchemaRegistryClientConfig {
        if (urls == null || urls.isEmpty()) {
            throw new ConfigException(
                    SCHEMA_REGISTRY_URL + " is required (e.g. http://127.0.0.1:8081 or mock://tests)");
        }
        urls = List.copyOf(urls);
        if (maxRetries < 0) {
            throw new ConfigException(MAX_RETRIES, maxRetries, "must be >= 0");
        }
    }

    /** Settings for a single registry URL with every other setting at its default. */
    public static SchemaRegistryClientConfig forUrl(String url) {
        return fromMap(Map.of(SCHEMA_REGISTRY_URL, url));
    }

    /** Reads and validates the settings from a Kafka-style config map (other keys are ignored). */
    public static SchemaRegistryClientConfig fromMap(Map<String, ?> configs) {
        Object rawUrl = configs.get(SCHEMA_REGISTRY_URL);
        if (rawUrl == null || rawUrl.toString().isBlank()) {
            throw new ConfigException(
                    SCHEMA_REGISTRY_URL + " is required (e.g. http://127.0.0.1:8081 or mock://tests)");
        }
        List<URI> urls = parseUrls(rawUrl.toString());

        Optional<String> userInfo = optionalString(configs, BASIC_AUTH_USER_INFO);
        if (userInfo.isPresent() && !userInfo.get().contains(":")) {
            throw new ConfigException(BASIC_AUTH_USER_INFO, "<hidden>", "must be user:password");
        }
        Optional<Path> truststore =
                optionalString(configs, SSL_TRUSTSTORE_LOCATION).map(Path::of);
        if (truststore.isPresent() && !Files.isReadable(truststore.get())) {
            throw new ConfigException(SSL_TRUSTSTORE_LOCATION, truststore.get().toString(), "file is not readable");
        }
        return new SchemaRegistryClientConfig(
                urls,
                userInfo,
                truststore,
                optionalString(configs, SSL_TRUSTSTORE_PASSWORD),
                optionalString(configs, SSL_TRUSTSTORE_TYPE).orElse(java.security.KeyStore.getDefaultType()),
                Duration.ofMillis(positiveLong(configs, CONNECT_TIMEOUT_MS, 5_000)),
                Duration.ofMillis(positiveLong(configs, REQUEST_TIMEOUT_MS, 10_000)),
                (int) nonNegativeLong(configs, MAX_RETRIES, 3),
                Duration.ofMillis(positiveLong(configs, RETRY_BACKOFF_MS, 100)),
                Duration.ofMillis(positiveLong(configs, RETRY_BACKOFF_MAX_MS, 2_000)));
    }

    /** The scope of a {@code mock://scope} URL, if this is one. */
    public Optional<String> mockScope() {
        URI first = urls.get(0);
        return "mock".equals(first.getScheme())
                ? Optional.of(first.getRawSchemeSpecificPart().replaceFirst("^//", ""))
                : Optional.empty();
    }

    private static List<URI> parseUrls(String raw) {
        List<URI> urls = new ArrayList<>();
        for (String part : raw.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("mock://")) {
                String scope = s.substring("mock://".length());
                if (!scope.matches("[A-Za-z0-9._-]+")) {
                    throw new ConfigException(
                            SCHEMA_REGISTRY_URL,
                            raw,
                            "mock:// needs a scope name of letters, digits, '.', '_' or '-', e.g. mock://tests");
                }
                urls.add(URI.create(s));
                continue;
            }
            URI uri;
            try {
                uri = new URI(s);
            } catch (URISyntaxException e) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, raw, "not a URL: " + e.getMessage());
            }
            String scheme = uri.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                throw new ConfigException(
                        SCHEMA_REGISTRY_URL, raw, "expected http://host:port, https://host:port or mock://scope");
            }
            urls.add(uri);
        }
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, raw, "no URL given");
        }
        if (urls.size() > 1 && urls.stream().anyMatch(u -> "mock".equals(u.getScheme()))) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, raw, "mock:// cannot be combined with other URLs");
        }
        return urls;
    }

    private static Optional<String> optionalString(Map<String, ?> configs, String key) {
        Object v = configs.get(key);
        if (v == null) {
            return Optional.empty();
        }
        String s = v instanceof org.apache.kafka.common.config.types.Password p ? p.value() : v.toString();
        return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    private static long positiveLong(Map<String, ?> configs, String key, long dflt) {
        long v = nonNegativeLong(configs, key, dflt);
        if (v == 0) {
            throw new ConfigException(key, v, "must be > 0");
        }
        return v;
    }

    private static long nonNegativeLong(Map<String, ?> configs, String key, long dflt) {
        Object v = configs.get(key);
        if (v == null) {
            return dflt;
        }
        long parsed;
        if (v instanceof Number n) {
            parsed = n.longValue();
        } else {
            try {
                parsed = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, v, "must be a whole number");
            }
        }
        if (parsed < 0) {
            throw new ConfigException(key, v, "must be >= 0");
        }
        return parsed;
    }

    @Override
    public String toString() {
        // Never print the password or user info.
        return "SchemaRegistryClientConfig[urls=" + urls + ", basicAuth=" + basicAuthUserInfo.isPresent()
                + ", truststore=" + truststore.orElse(null) + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + ", retryBackoff="
                + retryBackoff + ".." + retryBackoffMax + "]";
    }
}
