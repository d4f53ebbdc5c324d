package org.vantage.registry;

/**
 * A Schema Registry request failed. Carries the HTTP status and the Confluent error code (for example
 * 40401 subject not found, 40403 schema not found, 409 incompatible schema, 42201 invalid schema), so
 * callers can react to a specific condition without parsing messages.
 *
 * <p>Unchecked because it mostly surfaces inside Kafka serializers, where the only useful reaction is to
 * wrap it in a {@code SerializationException}.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version of a subject not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema (by id, or under a subject) not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** The subject has no subject-level compatibility configured. */
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** Schema incompatible with earlier versions (Confluent uses the bare HTTP status as code). */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Schema text is not a valid Avro schema. */
    public static final int INVALID_SCHEMA = 42201;
    /** Version is not a positive integer or "latest". */
    public static final int INVALID_VERSION = 42202;
    /** Compatibility level is not one of the known levels. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** Request body is not the JSON the endpoint expects (Confluent reports 422 with code 422). */
    public static final int UNPROCESSABLE_ENTITY = 422;
    /** Credentials missing or wrong. */
    public static final int UNAUTHORIZED = 401;
    /** Error in the backend data store. */
    public static final int STORE_ERROR = 50001;
    /** Operation timed out in the backend data store. */
    public static final int STORE_TIMEOUT = 50002;
    /** No HTTP response at all (connection refused, timeout); status and code are 0. */
    public static final int NO_RESPONSE = 0;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the response, or 0 when no response was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code from the response body (e.g. 40401), or 0 when none was received. */
    public int errorCode() {
        return errorCode;
    }

    /** True for "subject not found", "version not found" and "schema not found". */
    public boolean isNotFound() {
        return errorCode == SUBJECT_NOT_FOUND || errorCode == VERSION_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND;
    }

    public static SchemaRegistryException subjectNotFound(String subject) {
        return new SchemaRegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    public static SchemaRegistryException versionNotFound(String subject, int version) {
        return new SchemaRegistryException(
                404, VERSION_NOT_FOUND, "Version " + version + " not found for subject '" + subject + "'.");
    }

    public static SchemaRegistryException schemaNotFound(String detail) {
        return new SchemaRegistryException(404, SCHEMA_NOT_FOUND, "Schema not found: " + detail);
    }

    public static SchemaRegistryException invalidSchema(String detail) {
        return new SchemaRegistryException(422, INVALID_SCHEMA, "Invalid schema: " + detail);
    }

    public static SchemaRegistryException invalidVersion(String version) {
        return new SchemaRegistryException(
                422,
                INVALID_VERSION,
                "The specified version '" + version + "' is not a valid version id. "
                        + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static SchemaRegistryException invalidCompatibilityLevel(String level) {
        return new SchemaRegistryException(
                422,
                INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level '" + level + "'. Valid values are "
                        + CompatibilityLevel.namesForMessage());
    }

    public static SchemaRegistryException incompatible(String subject, java.util.List<String> details) {
        return new SchemaRegistryException(
                409,
                INCOMPATIBLE_SCHEMA,
                "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                        + "\", details: " + details);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[status=" + httpStatus + ", code=" + errorCode + "]: " + getMessage();
    }
}
