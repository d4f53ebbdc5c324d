package org.vantage.registry.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.RegisteredSchema;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.store.SchemaStore;

/**
 * Client of the Confluent Schema Registry REST API (works with Confluent's server, compatible peers and
 * the embedded registry of this module) over {@link HttpClient} with Jackson.
 *
 * <p>Caches ids and schemas: the schema of an id and the id of a (subject, schema) pair never change
 * once assigned, so they are fetched once per client. Retries connection failures, timeouts and 5xx
 * responses with exponential backoff, trying the configured URLs in turn; never retries a 4xx (the
 * request itself is wrong). Errors become {@link SchemaRegistryException} with HTTP status and Confluent
 * error code.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** Media type of Schema Registry API requests and responses. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryClientConfig config;
    private final HttpClient http;
    private final Optional<String> authorization;
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idBySubjectSchema = new ConcurrentHashMap<>();

    /** A client for validated settings (an {@code http(s)://} URL list). */
    public RestSchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.mockScope().isPresent()) {
            throw new ConfigException(
                    SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL,
                    config.urls(),
                    "the REST client needs http(s):// URLs; use SchemaRegistryClients.create for mock://");
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (config.truststore().isPresent()) {
            builder.sslContext(sslContext(config));
        }
        this.http = builder.build();
        this.authorization = config.basicAuthUserInfo()
                .map(userInfo ->
                        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    /** A client for one URL with default settings. */
    public RestSchemaRegistryClient(String url) {
        this(SchemaRegistryClientConfig.forUrl(url));
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode response = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = requiredInt(response, "id");
        remember(subject, schema, id);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode response = send("GET", "/schemas/ids/" + id, null);
        String type = response.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(200, 0, "schema id " + id + " is a " + type + " schema, not AVRO");
        }
        Schema schema = SchemaStore.parse(requiredText(response, "schema"));
        Schema raced = schemaById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public int getId(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        int id = lookup(subject, schema).id();
        remember(subject, schema, id);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return registered(send("POST", "/subjects/" + encode(subject), schemaBody(schema)));
    }

    @Override
    public RegisteredSchema getLatestVersion(String subject) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    @Override
    public List<String> getAllSubjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    @Override
    public List<Integer> getAllVersions(String subject) {
        return intList(send("GET", "/subjects/" + encode(subject) + "/versions", null));
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        try {
            JsonNode response =
                    send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
            return response.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            // Older registries answer 40401 for a subject without versions; any schema may start it.
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        if (subject != null) {
            try {
                return level(
                        send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null),
                        "compatibilityLevel");
            } catch (SchemaRegistryException e) {
                // Registries that ignore defaultToGlobal answer 40408 when the subject has no own level.
                if (e.errorCode() != SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED) {
                    throw e;
                }
            }
        }
        return level(send("GET", "/config", null), "compatibilityLevel");
    }

    @Override
    public CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        return level(send("PUT", path, body), "compatibility");
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        List<Integer> deleted = intList(send("DELETE", "/subjects/" + encode(subject), null));
        idBySubjectSchema.remove(subject);
        return deleted;
    }

    // ---------------------------------------------------------------- HTTP

    /**
     * Sends one request with retries and returns the parsed JSON body. Retries on connection failure,
     * timeout and 5xx, with exponential backoff, moving to the next URL each time; 4xx fails at once.
     */
    private JsonNode send(String method, String path, JsonNode body) {
        byte[] payload = body == null ? null : toBytes(body);
        SchemaRegistryException last = null;
        Duration backoff = config.retryBackoff();
        int attempts = config.maxRetries() + 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            URI base = config.urls().get(attempt % config.urls().size());
            URI uri = URI.create(stripSlash(base.toString()) + path);
            try {
                HttpResponse<byte[]> response =
                        http.send(request(method, uri, payload), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(response.body(), method, uri);
                }
                last = errorFrom(status, response.body(), method, uri);
                if (status < 500) {
                    throw last;
                }
            } catch (IOException e) {
                last = new SchemaRegistryException(
                        SchemaRegistryException.NO_RESPONSE,
                        SchemaRegistryException.NO_RESPONSE,
                        "Schema Registry " + method + " " + uri + " failed: " + e,
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(0, 0, "interrupted during Schema Registry " + method + " " + uri, e);
            }
            if (attempt + 1 < attempts) {
                LOG.debug("retrying after {}: {}", backoff, last.getMessage());
                sleep(backoff);
                backoff = min(backoff.multipliedBy(2), config.retryBackoffMax());
            }
        }
        throw new SchemaRegistryException(
                last.httpStatus(),
                last.errorCode(),
                last.getMessage() + " (gave up after " + attempts + " attempts)",
                last);
    }

    private HttpRequest request(String method, URI uri, byte[] payload) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        authorization.ifPresent(a -> b.header("Authorization", a));
        if (payload != null) {
            b.header("Content-Type", CONTENT_TYPE);
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private static SchemaRegistryException errorFrom(int status, byte[] body, String method, URI uri) {
        int code = status;
        String message = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.has("error_code")) {
                code = node.get("error_code").asInt(status);
                message = node.path("message").asText(message);
            }
        } catch (IOException notJson) {
            // keep the raw body as message
        }
        return new SchemaRegistryException(
                status,
                code,
                "Schema Registry " + method + " " + uri + " failed: HTTP " + status + ", error " + code + ": "
                        + message);
    }

    private static JsonNode parse(byte[] body, String method, URI uri) {
        try {
            JsonNode node = body.length == 0 ? null : JSON.readTree(body);
            return node == null ? JSON.nullNode() : node;
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    200,
                    0,
                    "Schema Registry " + method + " " + uri + " returned a body that is not JSON: " + e.getMessage(),
                    e);
        }
    }

    private static SSLContext sslContext(SchemaRegistryClientConfig config) {
        try (InputStream in = Files.newInputStream(config.truststore().orElseThrow())) {
            KeyStore store = KeyStore.getInstance(config.truststoreType());
            store.load(in, config.truststorePassword().map(String::toCharArray).orElse(null));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(
                    SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION,
                    config.truststore().get().toString(),
                    "cannot load trust store: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idBySubjectSchema.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idBySubjectSchema
                .computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                .put(schema, id);
        schemaById.putIfAbsent(id, schema);
    }

    private RegisteredSchema registered(JsonNode node) {
        int id = requiredInt(node, "id");
        Schema schema = schemaById.computeIfAbsent(id, i -> SchemaStore.parse(requiredText(node, "schema")));
        return new RegisteredSchema(requiredText(node, "subject"), requiredInt(node, "version"), id, schema);
    }

    private static CompatibilityLevel level(JsonNode node, String field) {
        String name = requiredText(node, field);
        return CompatibilityLevel.parse(name)
                .orElseThrow(() -> new SchemaRegistryException(
                        200, 0, "Schema Registry returned an unknown compatibility level '" + name + "'"));
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static List<Integer> intList(JsonNode node) {
        List<Integer> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static int requiredInt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new SchemaRegistryException(
                    200, 0, "Schema Registry response lacks integer '" + field + "': " + node);
        }
        return v.asInt();
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new SchemaRegistryException(200, 0, "Schema Registry response lacks text '" + field + "': " + node);
        }
        return v.asText();
    }

    private static byte[] toBytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String pathSegment) {
        Objects.requireNonNull(pathSegment, "subject");
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(0, 0, "interrupted while backing off", e);
        }
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + config.urls();
    }
}
