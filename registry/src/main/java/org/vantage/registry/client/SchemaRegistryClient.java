package org.vantage.registry.client;

import java.util.List;
import org.apache.avro.Schema;
import org.vantage.registry.CompatibilityLevel;
import org.vantage.registry.RegisteredSchema;

/**
 * Client of a Confluent-compatible Schema Registry. Implementations cache what never changes (the schema
 * behind an id, the id of a schema under a subject), so a serializer or deserializer pays a registry
 * round trip only for the first record of each schema.
 *
 * <p>Failures are reported as {@link org.vantage.registry.SchemaRegistryException} with the HTTP status and Confluent error
 * code. A {@code null} subject in the compatibility-config methods means the global configuration.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} (a new version unless the subject already has it) and
     * returns its global id. Fails with error code 409 when the schema is incompatible with the subject's
     * earlier versions under the subject's compatibility level.
     */
    int register(String subject, Schema schema);

    /** The schema with the given global id; error code 40403 when there is none. Cached. */
    Schema getSchemaById(int id);

    /**
     * The id of {@code schema} under {@code subject} without registering it; error code 40401 when the
     * subject does not exist, 40403 when the subject does not have this schema. Cached.
     */
    int getId(String subject, Schema schema);

    /** Like {@link #getId} but returns the whole version entry. Not cached. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The newest version of a subject; error code 40401 when the subject does not exist. Not cached. */
    RegisteredSchema getLatestVersion(String subject);

    /** A given version of a subject; 40401 for an unknown subject, 40402 for an unknown version. */
    RegisteredSchema getVersion(String subject, int version);

    /** All subjects that have at least one (not deleted) version. */
    List<String> getAllSubjects();

    /** Version numbers of a subject, ascending; 40401 when the subject does not exist. */
    List<Integer> getAllVersions(String subject);

    /**
     * Whether {@code schema} could be registered under {@code subject}: checked against the latest version
     * (all versions for a transitive level) under the subject's effective compatibility level. A subject
     * without versions accepts any schema.
     */
    boolean testCompatibility(String subject, Schema schema);

    /** Effective compatibility level of a subject (its own, else the global one); global when subject is null. */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the compatibility level of a subject, or the global level when subject is null. Returns it. */
    CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level);

    /** Deletes (soft, like Confluent) every version of a subject and returns the deleted version numbers. */
    List<Integer> deleteSubject(String subject);

    /** Releases connections; the default does nothing. */
    @Override
    default void close() {}
}
