package org.vantage.registry.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.RegisteredSchema;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.store.SchemaStore;

/**
 * A registry that lives in this JVM, for unit tests and {@code TopologyTestDriver}: the URL
 * {@code mock://<scope>} selects it. All clients of one scope share one registry, so a producer's serializer
 * and a consumer's deserializer configured separately see the same schemas and ids. Applies the same rules
 * as the real registry (ids, versions, BACKWARD compatibility by default, 409 on incompatible change).
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final SchemaStore store = new SchemaStore();

    private InMemorySchemaRegistryClient(String scope) {
        this.scope = scope;
    }

    /** The shared registry of a scope, created on first use. */
    public static InMemorySchemaRegistryClient forScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistryClient::new);
    }

    /** Forgets a scope (tests that want a fresh registry under a reused scope name). */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    /** The scope name, i.e. what follows {@code mock://} in the URL. */
    public String scope() {
        return scope;
    }

    @Override
    public int register(String subject, Schema schema) {
        // Plan-then-apply must be atomic across threads, as the server's single writer is.
        synchronized (store) {
            SchemaStore.Registration plan = store.planRegistration(subject, schema);
            plan.toAppend().ifPresent(store::apply);
            return plan.registered().id();
        }
    }

    @Override
    public Schema getSchemaById(int id) {
        return store.schemaById(id)
                .orElseThrow(() -> SchemaRegistryException.schemaNotFound("no schema with id " + id));
    }

    @Override
    public int getId(String subject, Schema schema) {
        return store.lookup(subject, schema).id();
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return store.lookup(subject, schema);
    }

    @Override
    public RegisteredSchema getLatestVersion(String subject) {
        return store.latest(subject);
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return store.version(subject, version);
    }

    @Override
    public List<String> getAllSubjects() {
        return store.subjects();
    }

    @Override
    public List<Integer> getAllVersions(String subject) {
        return store.versions(subject);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        return store.compatibilityProblems(subject, schema, null).isEmpty();
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        return store.effectiveLevel(subject);
    }

    @Override
    public CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        store.applyConfig(subject, level);
        return level;
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        synchronized (store) {
            var deletions = store.planSubjectDeletion(subject);
            deletions.forEach(store::apply);
            return deletions.stream().map(e -> e.version()).toList();
        }
    }
}
