package org.vantage.probe.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.vantage.schema.Measurement;

/**
 * How a measurement is kept in the spool: Avro single-object encoding (marker, schema fingerprint, binary
 * body). It needs no schema registry, so measurements can be spooled while Kafka and the registry are
 * unreachable; the registry wire format is produced only when the record is finally sent.
 */
public final class MeasurementCodec {

    private MeasurementCodec() {}

    public static byte[] encode(Measurement m) {
        try {
            ByteBuffer buf = Measurement.getEncoder().encode(m);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode measurement " + m.getMeasurementId(), e);
        }
    }

    public static Measurement decode(byte[] bytes) {
        try {
            return Measurement.getDecoder().decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("spooled measurement cannot be decoded: " + e.getMessage(), e);
        }
    }
}
