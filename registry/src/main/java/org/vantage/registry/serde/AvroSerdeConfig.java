package org.vantage.registry.serde;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.vantage.registry.client.SchemaRegistryClientConfig;

/**
 * Configuration keys of {@link AvroSerializer}, {@link AvroDeserializer} and {@link AvroSerde}, passed in the
 * usual Kafka config map. The registry connection keys are those of {@link SchemaRegistryClientConfig}
 * (re-exported here); the two keys below are the serde's own.
 *
 * @param autoRegisterSchemas whether the serializer registers a record's schema on first use
 * @param readerClass         fully qualified generated Avro class the deserializer reads into, if given by name
 */
public record AvroSerdeConfig(boolean autoRegisterSchemas, Optional<String> readerClass) {

    /** Registry URL, required: {@code http://host:port} (comma-separated list allowed) or {@code mock://scope}. */
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL;
    /** {@code user:password} for HTTP basic auth against the registry. */
    public static final String BASIC_AUTH_USER_INFO = SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO;
    /** Trust store for an https registry. */
    public static final String SSL_TRUSTSTORE_LOCATION = SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION;
    /** Trust store password. */
    public static final String SSL_TRUSTSTORE_PASSWORD = SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD;
    /**
     * Whether the serializer registers a record's schema (default true). When false, the schema must already
     * be registered under the subject and serialization fails with a clear message otherwise.
     */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Generated Avro class the deserializer reads into, when it is created by class name (no-arg constructor). */
    public static final String READER_CLASS = "vantage.avro.reader.class";

    /** Reads and validates the serde's own keys (the registry keys are validated by the client config). */
    public static AvroSerdeConfig fromMap(Map<String, ?> configs) {
        boolean autoRegister = true;
        Object raw = configs.get(AUTO_REGISTER_SCHEMAS);
        if (raw instanceof Boolean b) {
            autoRegister = b;
        } else if (raw != null) {
            String s = raw.toString().trim();
            if (s.equalsIgnoreCase("true")) {
                autoRegister = true;
            } else if (s.equalsIgnoreCase("false")) {
                autoRegister = false;
            } else {
                throw new ConfigException(AUTO_REGISTER_SCHEMAS, raw, "must be true or false");
            }
        }
        Object reader = configs.get(READER_CLASS);
        Optional<String> readerClass = Optional.empty();
        if (reader instanceof Class<?> c) {
            readerClass = Optional.of(c.getName());
        } else if (reader != null && !reader.toString().isBlank()) {
            readerClass = Optional.of(reader.toString().trim());
        }
        return new AvroSerdeConfig(autoRegister, readerClass);
    }
}
