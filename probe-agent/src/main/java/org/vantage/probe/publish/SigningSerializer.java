package org.vantage.probe.publish;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A value serializer that signs the bytes it produces: the producer hands the record's headers to the value
 * serializer, which is the first point where the value's bytes exist. The record key the MAC covers is the value's
 * network ({@code CC:ASN}), which is what probes key their records by; a record sent under another key fails the
 * detector's check, as it should.
 */
public final class SigningSerializer<T> implements Serializer<T> {
    private final Serializer<T> inner;
    private final RecordSigner signer;
    private final Function<T, String> probeOf;
    private final Function<T, String> keyOf;

    public SigningSerializer(
            Serializer<T> inner, RecordSigner signer, Function<T, String> probeOf, Function<T, String> keyOf) {
        this.inner = inner;
        this.signer = signer;
        this.probeOf = probeOf;
        this.keyOf = keyOf;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return inner.serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        byte[] value = inner.serialize(topic, headers, data);
        if (data != null && headers != null) {
            signer.sign(headers, topic, probeOf.apply(data), keyOf.apply(data), value);
        }
        return value;
    }

    @Override
    public void close() {
        inner.close();
    }
}
