package org.vantage.detect.validate;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.detect.config.TrustSettings;
import org.vantage.detect.model.DetectionMetrics;
import org.vantage.detect.model.RejectReason;
import org.vantage.detect.model.StoreNames;
import org.vantage.registry.SchemaRegistryException;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.schema.ProbeHeartbeat;
import org.vantage.topics.VantageTopic;

/**
 * Checks the probe's signature first ({@link ProbeAuthenticator}, when probe trust is on: nothing unsigned or
 * badly signed is even decoded), then decodes raw input bytes with the registry deserializer and validates them ({@link InputValidator})
 * against the wall clock. Inputs are consumed as raw bytes so that undecodable records, and records from
 * a probe with a wrong clock, are dead-lettered here with a specific reason before they reach any window.
 * A registry that cannot be reached is not the record's fault: that error is rethrown (the record is
 * retried after the thread restarts) instead of dead-lettering good data.
 */
public final class ValidationProcessor<T extends SpecificRecord>
        implements Processor<byte[], byte[], String, Validated> {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationProcessor.class);

    private final Class<T> type;
    private final Map<String, ?> serdeConfig;
    private final InputValidator validator;
    private final DetectionMetrics metrics;
    private ProcessorContext<String, Validated> context;
    private AvroDeserializer<T> deserializer;
    private AvroDeserializer<ProbeEnrollment> enrollmentDeserializer;
    private ProbeAuthenticator authenticator;
    private Function<String, byte[]> enrollments;

    public ValidationProcessor(
            Class<T> type, Map<String, ?> serdeConfig, InputValidator validator, DetectionMetrics metrics) {
        this.type = type;
        this.serdeConfig = serdeConfig;
        this.validator = validator;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Validated> context) {
        this.context = context;
        this.deserializer = new AvroDeserializer<>(type);
        deserializer.configure(serdeConfig, false);
        TrustSettings trust = validator.settings().trust();
        if (trust.checked()) {
            enrollmentDeserializer = new AvroDeserializer<>(ProbeEnrollment.class);
            enrollmentDeserializer.configure(serdeConfig, false);
            ReadOnlyKeyValueStore<String, ValueAndTimestamp<byte[]>> store =
                    context.getStateStore(StoreNames.PROBE_ENROLLMENTS);
            enrollments = id -> {
                ValueAndTimestamp<byte[]> v = store.get(id);
                return v == null ? null : v.value();
            };
            authenticator = new ProbeAuthenticator(trust, this::decodeEnrollment);
        } else {
            authenticator = new ProbeAuthenticator(trust, raw -> null);
            enrollments = id -> null;
        }
    }

    /** An enrollment that cannot be decoded counts as absent (and is logged): it grants nothing. */
    private ProbeEnrollment decodeEnrollment(byte[] raw) {
        try {
            return enrollmentDeserializer.deserialize(VantageTopic.PROBE_ENROLLMENTS.topicName(), raw);
        } catch (SerializationException e) {
            LOG.warn("undecodable probe enrollment ignored: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        ProbeAuthenticator.Result auth = authenticator.check(
                topic, record.key(), key, record.value(), record.headers(), enrollments, context.currentSystemTimeMs());
        if (auth.rejection() != null) {
            reject(record, auth.rejection());
            return;
        }
        ProbeAuthenticator.Origin origin = auth.origin();
        T value;
        try {
            value = deserializer.deserialize(topic, record.value());
        } catch (SerializationException e) {
            if (e.getCause() instanceof SchemaRegistryException sre && !sre.isNotFound()) {
                throw new StreamsException(
                        "schema registry unavailable while decoding " + topic + ": " + e.getMessage(), e);
            }
            RejectReason reason = e.getCause() instanceof SchemaRegistryException
                    ? RejectReason.UNKNOWN_SCHEMA_ID
                    : RejectReason.UNDECODABLE;
            reject(record, new Rejection(reason, String.valueOf(e.getMessage())));
            return;
        }
        if (value == null) {
            reject(record, new Rejection(RejectReason.UNDECODABLE, "null value (tombstone) on an event topic"));
            return;
        }
        long now = context.currentSystemTimeMs();
        Optional<Rejection> rejection;
        Validated valid;
        if (value instanceof Measurement m) {
            rejection = authenticator
                    .checkSigner(
                            origin,
                            m.getProbeId(),
                            m.getSource() != org.vantage.schema.MeasurementSource.VANTAGE,
                            enrollments)
                    .or(() -> validator.check(key, m, now));
            valid = new Validated.ValidMeasurement(m, record.key(), record.value(), origin.trust());
        } else if (value instanceof ProbeHeartbeat h) {
            rejection = authenticator
                    .checkSigner(origin, h.getProbeId(), false, enrollments)
                    .or(() -> validator.check(key, h, now));
            valid = new Validated.ValidHeartbeat(h, origin.trust());
        } else {
            throw new IllegalStateException("no validation for " + type);
        }
        if (rejection.isPresent()) {
            reject(record, rejection.get());
            return;
        }
        context.forward(new Record<String, Validated>(key, valid, record.timestamp(), record.headers()));
    }

    private void reject(Record<byte[], byte[]> record, Rejection rejection) {
        metrics.invalid(rejection.reason());
        LOG.debug("dead-lettering record: {}", rejection.headerValue());
        DeadLetter dl = DeadLetter.of(record.key(), record.value(), rejection, context.recordMetadata());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context.forward(new Record<String, Validated>(
                key, new Validated.Rejected(dl), record.timestamp(), dl.headers(record.headers())));
    }

    @Override
    public void close() {
        if (deserializer != null) {
            deserializer.close();
        }
        if (enrollmentDeserializer != null) {
            enrollmentDeserializer.close();
        }
    }
}
