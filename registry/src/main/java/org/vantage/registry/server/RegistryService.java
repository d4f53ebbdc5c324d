package org.vantage.registry.server;

import java.util.List;
import org.apache.avro.Schema;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.RegisteredSchema;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.store.SchemaEntry;
import org.vantage.registry.store.SchemaStore;

/**
 * Registry operations over the replayed store and its Kafka log. Reads go to the store; writes are planned
 * against the store, appended to the log and answered once read back. One lock serialises writes, which
 * together with a single writing instance keeps ids and versions unique.
 */
final class RegistryService {

    private final SchemaStore store;
    private final KafkaSchemaLog log;
    private final Object writeLock = new Object();

    RegistryService(SchemaStore store, KafkaSchemaLog log) {
        this.store = store;
        this.log = log;
    }

    SchemaStore store() {
        return store;
    }

    RegisteredSchema register(String subject, Schema schema) {
        synchronized (writeLock) {
            SchemaStore.Registration plan = store.planRegistration(subject, schema);
            plan.toAppend().ifPresent(entry -> log.append(List.of(SchemaLogCodec.schema(entry))));
            return plan.registered();
        }
    }

    List<Integer> deleteSubject(String subject) {
        synchronized (writeLock) {
            List<SchemaEntry> deletions = store.planSubjectDeletion(subject);
            log.append(deletions.stream().map(SchemaLogCodec::schema).toList());
            return deletions.stream().map(SchemaEntry::version).toList();
        }
    }

    CompatibilityLevel setLevel(String subject, CompatibilityLevel level) {
        synchronized (writeLock) {
            log.append(List.of(SchemaLogCodec.config(subject, level)));
            return level;
        }
    }

    /** Removes a subject's own level and returns it; 40401 when the subject has none and no versions. */
    CompatibilityLevel deleteLevel(String subject) {
        synchronized (writeLock) {
            CompatibilityLevel previous = store.subjectLevel(subject).orElse(null);
            if (previous == null) {
                if (store.subjects().contains(subject)) {
                    return store.effectiveLevel(subject);
                }
                throw SchemaRegistryException.subjectNotFound(subject);
            }
            log.append(List.of(SchemaLogCodec.config(subject, null)));
            return previous;
        }
    }
}
