package org.vantage.registry.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.RegisteredSchema;
import org.vantage.registry.SchemaRegistryException;

/**
 * The registry's state and rules, without I/O: subjects and their versions, global ids, compatibility
 * configuration. Shared by the in-memory client and the embedded server, which replays its Kafka log into
 * an instance. Writes are two-step: {@code plan*} decides what to append (and enforces the rules) without
 * changing state; {@code apply*} changes state from an appended entry. Thread-safe.
 *
 * <p>Like Confluent: ids are global and increase from 1; registering an already known schema under another
 * subject reuses its id; versions per subject increase from 1 and are never reused, even after a delete.
 */
public final class SchemaStore {

    /** Global default when nothing was configured, as in Confluent. */
    public static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, TreeMap<Integer, SchemaEntry>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = DEFAULT_LEVEL;
    private int maxId;

    /** Outcome of planning a registration: the resulting version, and the entry to append if it is new. */
    public record Registration(RegisteredSchema registered, Optional<SchemaEntry> toAppend) {}

    /** Parses schema text, mapping a parse failure to error 42201. */
    public static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw SchemaRegistryException.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException | NullPointerException e) {
            throw SchemaRegistryException.invalidSchema(e.getMessage());
        }
    }

    // ---------------------------------------------------------------- queries

    public synchronized Optional<Schema> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** Subjects with at least one live version, sorted. */
    public synchronized List<String> subjects() {
        return new ArrayList<>(new TreeSet<>(
                subjects.keySet().stream().filter(s -> !live(s).isEmpty()).toList()));
    }

    public synchronized List<Integer> versions(String subject) {
        List<Integer> versions =
                live(subject).stream().map(SchemaEntry::version).toList();
        if (versions.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    public synchronized RegisteredSchema latest(String subject) {
        List<SchemaEntry> live = live(subject);
        if (live.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return toRegistered(live.get(live.size() - 1));
    }

    public synchronized RegisteredSchema version(String subject, int version) {
        if (live(subject).isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        SchemaEntry entry = subjects.get(subject).get(version);
        if (entry == null || entry.deleted()) {
            throw SchemaRegistryException.versionNotFound(subject, version);
        }
        return toRegistered(entry);
    }

    /** The live version of {@code subject} holding {@code schema}; 40401 or 40403 when absent. */
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        List<SchemaEntry> live = live(subject);
        if (live.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return find(live, schema.toString())
                .map(this::toRegistered)
                .orElseThrow(() -> SchemaRegistryException.schemaNotFound(
                        "subject '" + subject + "' has no version with this schema"));
    }

    /**
     * Incompatibilities of {@code schema} with the subject under its effective level: against the given
     * version only, or (version null) against the latest / all versions for a transitive level. A subject
     * without versions accepts anything when version is null.
     */
    public synchronized List<String> compatibilityProblems(String subject, Schema schema, Integer version) {
        CompatibilityLevel level = effectiveLevel(subject);
        if (version != null) {
            Schema against = version(subject, version).schema();
            CompatibilityLevel single = switch (level) {
                case BACKWARD_TRANSITIVE -> CompatibilityLevel.BACKWARD;
                case FORWARD_TRANSITIVE -> CompatibilityLevel.FORWARD;
                case FULL_TRANSITIVE -> CompatibilityLevel.FULL;
                default -> level;
            };
            return CompatibilityChecker.check(single, schema, List.of(against));
        }
        return CompatibilityChecker.check(level, schema, liveSchemas(subject));
    }

    public synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    /** The subject's own level, if one was set. */
    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The subject's own level, else the global one. */
    public synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subject == null ? globalLevel : subjectLevels.getOrDefault(subject, globalLevel);
    }

    // ---------------------------------------------------------------- planning writes

    /**
     * Decides what registering {@code schema} under {@code subject} means: the existing version when the
     * subject already has this schema, else a new version (after the compatibility check, 409 on failure)
     * with the schema's existing global id or the next free one. Does not change state.
     */
    public synchronized Registration planRegistration(String subject, Schema schema) {
        if (subject == null || subject.isBlank()) {
            throw new SchemaRegistryException(
                    422, SchemaRegistryException.UNPROCESSABLE_ENTITY, "subject must not be empty");
        }
        String canonical = schema.toString();
        List<SchemaEntry> live = live(subject);
        Optional<SchemaEntry> existing = find(live, canonical);
        if (existing.isPresent()) {
            return new Registration(toRegistered(existing.get()), Optional.empty());
        }
        List<String> problems = CompatibilityChecker.check(effectiveLevel(subject), schema, liveSchemas(subject));
        if (!problems.isEmpty()) {
            throw SchemaRegistryException.incompatible(subject, problems);
        }
        int id = idByCanonical.getOrDefault(canonical, maxId + 1);
        TreeMap<Integer, SchemaEntry> all = subjects.get(subject);
        int version = all == null || all.isEmpty() ? 1 : all.lastKey() + 1;
        SchemaEntry entry = new SchemaEntry(subject, version, id, canonical, false);
        return new Registration(new RegisteredSchema(subject, version, id, schema), Optional.of(entry));
    }

    /** The entries that soft-delete every live version of a subject; 40401 when it has none. */
    public synchronized List<SchemaEntry> planSubjectDeletion(String subject) {
        List<SchemaEntry> live = live(subject);
        if (live.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return live.stream().map(SchemaEntry::asDeleted).toList();
    }

    // ---------------------------------------------------------------- applying log entries

    /** Applies one subject version (new, or a deletion marker) from the log. Idempotent. */
    public synchronized void apply(SchemaEntry entry) {
        Schema schema = schemasById.get(entry.id());
        if (schema == null) {
            schema = parse(entry.schema());
            schemasById.put(entry.id(), schema);
            idByCanonical.putIfAbsent(schema.toString(), entry.id());
        }
        maxId = Math.max(maxId, entry.id());
        subjects.computeIfAbsent(entry.subject(), s -> new TreeMap<>()).put(entry.version(), entry);
    }

    /** Sets (level non-null) or removes (null) the level of a subject, or the global level (subject null). */
    public synchronized void applyConfig(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level == null ? DEFAULT_LEVEL : level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    // ---------------------------------------------------------------- helpers

    private List<SchemaEntry> live(String subject) {
        TreeMap<Integer, SchemaEntry> all = subjects.get(subject);
        if (all == null) {
            return List.of();
        }
        return all.values().stream().filter(e -> !e.deleted()).toList();
    }

    private List<Schema> liveSchemas(String subject) {
        return live(subject).stream().map(e -> schemasById.get(e.id())).toList();
    }

    private Optional<SchemaEntry> find(List<SchemaEntry> entries, String canonical) {
        Integer id = idByCanonical.get(canonical);
        if (id == null) {
            return Optional.empty();
        }
        return entries.stream().filter(e -> e.id() == id).findFirst();
    }

    private RegisteredSchema toRegistered(SchemaEntry e) {
        return new RegisteredSchema(e.subject(), e.version(), e.id(), schemasById.get(e.id()));
    }
}
