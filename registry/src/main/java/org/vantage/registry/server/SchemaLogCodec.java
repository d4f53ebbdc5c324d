package org.vantage.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.store.SchemaEntry;
import org.vantage.registry.store.SchemaStore;

/**
 * Record format of the registry log topic. It follows Confluent Schema Registry's own {@code _schemas}
 * layout (JSON keys {@code {"keytype":"SCHEMA","subject":..,"version":..,"magic":1}} and
 * {@code {"keytype":"CONFIG","subject":..,"magic":0}}, JSON values), so compaction keeps exactly the latest
 * state of every subject version and config, and the topic stays readable with Confluent's tools.
 * Record types it does not know (modes, deletes of other kinds) are skipped on replay.
 */
final class SchemaLogCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A log record: key and value as UTF-8 JSON; a null value is a tombstone. */
    record LogRecord(byte[] key, byte[] value) {}

    private SchemaLogCodec() {}

    static LogRecord schema(SchemaEntry e) {
        ObjectNode key = JSON.createObjectNode()
                .put("keytype", "SCHEMA")
                .put("subject", e.subject())
                .put("version", e.version())
                .put("magic", 1);
        ObjectNode value = JSON.createObjectNode()
                .put("subject", e.subject())
                .put("version", e.version())
                .put("id", e.id())
                .put("schema", e.schema())
                .put("deleted", e.deleted());
        return new LogRecord(bytes(key), bytes(value));
    }

    /** Sets a level (non-null) or removes a subject override (null level: tombstone). */
    static LogRecord config(String subject, CompatibilityLevel level) {
        ObjectNode key = JSON.createObjectNode()
                .put("keytype", "CONFIG")
                .put("subject", subject)
                .put("magic", 0);
        byte[] value = level == null ? null : bytes(JSON.createObjectNode().put("compatibilityLevel", level.name()));
        return new LogRecord(bytes(key), value);
    }

    /**
     * Applies one log record to the store. Returns a description of a record it skipped (unknown type,
     * unreadable JSON) so the caller can log it; the log must never stop the registry from starting.
     */
    static Optional<String> apply(byte[] keyBytes, byte[] valueBytes, SchemaStore store) {
        JsonNode key;
        try {
            key = keyBytes == null ? null : JSON.readTree(keyBytes);
        } catch (IOException e) {
            return Optional.of("unreadable key: " + e.getMessage());
        }
        if (key == null || !key.isObject()) {
            return Optional.of("key is not a JSON object");
        }
        String type = key.path("keytype").asText("");
        try {
            switch (type) {
                case "SCHEMA" -> {
                    if (valueBytes == null) {
                        return Optional.of("hard delete of " + key + " is not supported; ignored");
                    }
                    JsonNode v = JSON.readTree(valueBytes);
                    String schemaType = v.path("schemaType").asText("AVRO");
                    if (!"AVRO".equals(schemaType)) {
                        return Optional.of(schemaType + " schema " + key + " ignored (only AVRO is served)");
                    }
                    store.apply(new SchemaEntry(
                            v.get("subject").asText(),
                            v.get("version").asInt(),
                            v.get("id").asInt(),
                            v.get("schema").asText(),
                            v.path("deleted").asBoolean(false)));
                }
                case "CONFIG" -> {
                    String subject =
                            key.hasNonNull("subject") ? key.get("subject").asText() : null;
                    CompatibilityLevel level = null;
                    if (valueBytes != null) {
                        String name = JSON.readTree(valueBytes)
                                .path("compatibilityLevel")
                                .asText();
                        level = CompatibilityLevel.parse(name).orElse(null);
                        if (level == null) {
                            return Optional.of("unknown compatibility level '" + name + "' in " + key);
                        }
                    }
                    store.applyConfig(subject, level);
                }
                default -> {
                    return Optional.of("record type '" + type + "' ignored");
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.of("unreadable record " + key + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
