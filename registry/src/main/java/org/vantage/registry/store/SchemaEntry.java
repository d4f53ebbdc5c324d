package org.vantage.registry.store;

import java.util.Objects;

/**
 * One subject version as stored in the registry log: the unit the embedded server writes to the
 * {@code _schemas} topic and every registry instance replays. {@code deleted} marks a soft-deleted version
 * (its id stays resolvable, as in Confluent).
 */
public record SchemaEntry(String subject, int version, int id, String schema, boolean deleted) {
    public SchemaEntry {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (version < 1 || id < 1) {
            throw new IllegalArgumentException("version and id must be positive: " + version + ", " + id);
        }
    }

    public SchemaEntry asDeleted() {
        return new SchemaEntry(subject, version, id, schema, true);
    }
}
