package org.vantage.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.RegisteredSchema;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.client.RestSchemaRegistryClient;
import org.vantage.registry.store.SchemaStore;

/**
 * The Confluent Schema Registry REST API (the subset Kafka clients and tools use) mapped onto a
 * {@link RegistryService}. Bodies and error bodies ({@code {"error_code":..,"message":..}}) follow
 * Confluent's, so Confluent's own clients work against it.
 */
final class RegistryHttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryService service;
    private final SchemaStore store;
    private final Optional<byte[]> expectedAuthorization;
    private final boolean authenticateReads;

    RegistryHttpApi(RegistryService service, Optional<String> basicAuthUserInfo, boolean authenticateReads) {
        this.service = service;
        this.store = service.store();
        this.expectedAuthorization = basicAuthUserInfo.map(
                u -> ("Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)))
                        .getBytes(StandardCharsets.UTF_8));
        this.authenticateReads = authenticateReads;
    }

    void routes(RoutesConfig r) {
        r.before(this::authenticate);
        r.exception(
                SchemaRegistryException.class, (e, ctx) -> error(ctx, e.httpStatus(), e.errorCode(), e.getMessage()));
        // Javalin's own answers (unknown endpoint, 405) get Confluent's JSON error body too.
        r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getStatus(), e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error serving {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, SchemaRegistryException.STORE_ERROR, "Internal error: " + e);
        });

        r.get("/", ctx -> json(ctx, JSON.createObjectNode()));
        r.get("/schemas/types", ctx -> json(ctx, JSON.createArrayNode().add("AVRO")));
        r.get("/schemas/ids/{id}", ctx -> {
            int id = schemaId(ctx.pathParam("id"));
            Schema schema = store.schemaById(id)
                    .orElseThrow(() -> SchemaRegistryException.schemaNotFound("no schema with id " + id));
            json(ctx, JSON.createObjectNode().put("schema", schema.toString()));
        });
        r.get("/subjects", ctx -> {
            ArrayNode subjects = JSON.createArrayNode();
            store.subjects().forEach(subjects::add);
            json(ctx, subjects);
        });
        r.get("/subjects/{subject}/versions", ctx -> {
            ArrayNode versions = JSON.createArrayNode();
            store.versions(ctx.pathParam("subject")).forEach(versions::add);
            json(ctx, versions);
        });
        r.get(
                "/subjects/{subject}/versions/{version}",
                ctx -> json(ctx, versionNode(version(ctx.pathParam("subject"), ctx.pathParam("version")))));
        r.get("/subjects/{subject}/versions/{version}/schema", ctx -> {
            ctx.contentType(RestSchemaRegistryClient.CONTENT_TYPE);
            ctx.result(version(ctx.pathParam("subject"), ctx.pathParam("version"))
                    .schema()
                    .toString());
        });
        r.post("/subjects/{subject}/versions", ctx -> {
            RegisteredSchema registered = service.register(ctx.pathParam("subject"), requestSchema(ctx));
            json(ctx, JSON.createObjectNode().put("id", registered.id()));
        });
        r.post(
                "/subjects/{subject}",
                ctx -> json(ctx, versionNode(store.lookup(ctx.pathParam("subject"), requestSchema(ctx)))));
        r.delete("/subjects/{subject}", ctx -> {
            ArrayNode versions = JSON.createArrayNode();
            service.deleteSubject(ctx.pathParam("subject")).forEach(versions::add);
            json(ctx, versions);
        });
        r.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> {
            String subject = ctx.pathParam("subject");
            String version = ctx.pathParam("version");
            Schema schema = requestSchema(ctx);
            List<String> problems = isLatest(version)
                    ? store.compatibilityProblems(subject, schema, null)
                    : store.compatibilityProblems(subject, schema, parseVersion(version));
            ObjectNode body = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
            if ("true".equalsIgnoreCase(ctx.queryParam("verbose"))) {
                ArrayNode messages = body.putArray("messages");
                problems.forEach(messages::add);
            }
            json(ctx, body);
        });
        r.get(
                "/config",
                ctx -> json(
                        ctx,
                        JSON.createObjectNode()
                                .put("compatibilityLevel", store.globalLevel().name())));
        r.put("/config", ctx -> {
            CompatibilityLevel level = service.setLevel(null, requestLevel(ctx));
            json(ctx, JSON.createObjectNode().put("compatibility", level.name()));
        });
        r.get("/config/{subject}", ctx -> {
            String subject = ctx.pathParam("subject");
            Optional<CompatibilityLevel> own = store.subjectLevel(subject);
            if (own.isEmpty() && !"true".equalsIgnoreCase(ctx.queryParam("defaultToGlobal"))) {
                throw new SchemaRegistryException(
                        404,
                        SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                        "Subject '" + subject + "' does not have subject-level compatibility configured");
            }
            json(
                    ctx,
                    JSON.createObjectNode()
                            .put(
                                    "compatibilityLevel",
                                    own.orElse(store.globalLevel()).name()));
        });
        r.put("/config/{subject}", ctx -> {
            CompatibilityLevel level = service.setLevel(ctx.pathParam("subject"), requestLevel(ctx));
            json(ctx, JSON.createObjectNode().put("compatibility", level.name()));
        });
        r.delete(
                "/config/{subject}",
                ctx -> json(
                        ctx,
                        JSON.createObjectNode()
                                .put(
                                        "compatibilityLevel",
                                        service.deleteLevel(ctx.pathParam("subject"))
                                                .name())));
    }

    // ---------------------------------------------------------------- auth

    private void authenticate(Context ctx) {
        if (expectedAuthorization.isEmpty() || !(authenticateReads || isWrite(ctx))) {
            return;
        }
        String given = ctx.header("Authorization");
        if (given == null
                || !MessageDigest.isEqual(expectedAuthorization.get(), given.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Basic realm=\"schema-registry\"");
            throw new SchemaRegistryException(401, SchemaRegistryException.UNAUTHORIZED, "Unauthorized");
        }
    }

    /** Requests that change state: register, delete, set config. Lookups and compatibility tests are reads. */
    private static boolean isWrite(Context ctx) {
        HandlerType m = ctx.method();
        if (m.equals(HandlerType.PUT) || m.equals(HandlerType.DELETE)) {
            return true;
        }
        return m.equals(HandlerType.POST)
                && ctx.path().startsWith("/subjects/")
                && ctx.path().endsWith("/versions");
    }

    // ---------------------------------------------------------------- request parsing

    private static Schema requestSchema(Context ctx) {
        JsonNode body = requestBody(ctx);
        JsonNode schemaType = body.get("schemaType");
        if (schemaType != null && !schemaType.isNull() && !"AVRO".equals(schemaType.asText())) {
            throw SchemaRegistryException.invalidSchema(
                    "schema type " + schemaType.asText() + " is not supported (only AVRO)");
        }
        JsonNode references = body.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw SchemaRegistryException.invalidSchema("schema references are not supported");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException(
                    422,
                    SchemaRegistryException.UNPROCESSABLE_ENTITY,
                    "request body must be {\"schema\": \"<schema JSON as a string>\"}");
        }
        return SchemaStore.parse(schema.asText());
    }

    private static CompatibilityLevel requestLevel(Context ctx) {
        JsonNode level = requestBody(ctx).get("compatibility");
        if (level == null || !level.isTextual()) {
            throw new SchemaRegistryException(
                    422,
                    SchemaRegistryException.UNPROCESSABLE_ENTITY,
                    "request body must be {\"compatibility\": \"BACKWARD|FORWARD|FULL|NONE|..._TRANSITIVE\"}");
        }
        return CompatibilityLevel.parse(level.asText())
                .orElseThrow(() -> SchemaRegistryException.invalidCompatibilityLevel(level.asText()));
    }

    private static JsonNode requestBody(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.bodyAsBytes());
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    422, SchemaRegistryException.UNPROCESSABLE_ENTITY, "Unrecognized request body: " + e.getMessage());
        }
    }

    private RegisteredSchema version(String subject, String version) {
        return isLatest(version) ? store.latest(subject) : store.version(subject, parseVersion(version));
    }

    private static boolean isLatest(String version) {
        return "latest".equalsIgnoreCase(version) || "-1".equals(version);
    }

    private static int parseVersion(String version) {
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw SchemaRegistryException.invalidVersion(version);
    }

    private static int schemaId(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw SchemaRegistryException.schemaNotFound("'" + raw + "' is not a schema id");
        }
    }

    // ---------------------------------------------------------------- responses

    private static ObjectNode versionNode(RegisteredSchema r) {
        return JSON.createObjectNode()
                .put("subject", r.subject())
                .put("version", r.version())
                .put("id", r.id())
                .put("schema", r.schema().toString());
    }

    private static void json(Context ctx, JsonNode body) throws IOException {
        ctx.contentType(RestSchemaRegistryClient.CONTENT_TYPE);
        ctx.result(JSON.writeValueAsBytes(body));
    }

    private static void error(Context ctx, int status, int code, String message) {
        ctx.status(status == 0 ? 500 : status);
        ctx.contentType(RestSchemaRegistryClient.CONTENT_TYPE);
        ObjectNode body = JSON.createObjectNode().put("error_code", code).put("message", message);
        try {
            ctx.result(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            ctx.result("{\"error_code\":" + code + "}");
        }
    }
}
