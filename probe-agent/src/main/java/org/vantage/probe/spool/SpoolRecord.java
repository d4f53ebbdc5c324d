package org.vantage.probe.spool;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One entry of the spool: where it goes (topic, key), when it happened (event time, kept as the Kafka
 * record timestamp when it is finally sent) and the opaque value bytes.
 *
 * @param seq       position in the spool, assigned on append (strictly increasing, never reused);
 *                  {@code -1} for a record that has not been appended yet
 * @param topic     destination topic
 * @param key       record key, may be null
 * @param timestamp event time in epoch milliseconds
 * @param value     value bytes (for measurements: Avro single-object encoding)
 */
public record SpoolRecord(long seq, String topic, String key, long timestamp, byte[] value) {

    public SpoolRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
    }

    /** A record to append; the spool assigns the sequence number. */
    public static SpoolRecord of(String topic, String key, long timestamp, byte[] value) {
        return new SpoolRecord(-1, topic, key, timestamp, value);
    }

    SpoolRecord withSeq(long newSeq) {
        return new SpoolRecord(newSeq, topic, key, timestamp, value);
    }

    /** Bytes this record occupies on disk, header included. */
    int encodedSize() {
        return RecordCodec.HEADER_BYTES + bodySize();
    }

    int bodySize() {
        return 8
                + 8
                + 2
                + topic.getBytes(StandardCharsets.UTF_8).length
                + 2
                + (key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length)
                + 4
                + value.length;
    }
}
