package org.vantage.probe.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * On-disk layout of one spool record:
 * <pre>
 *   int   bodyLength
 *   int   crc32c(body)
 *   body: long seq, long timestamp, short topicLength, topic (UTF-8),
 *         short keyLength (-1 = null), key (UTF-8), int valueLength, value
 * </pre>
 * The length prefix lets a reader skip records; the checksum lets recovery tell a complete record from
 * a torn one left by a crash in the middle of a write.
 */
final class RecordCodec {

    static final int HEADER_BYTES = 8;
    /** Larger bodies are treated as corruption: no measurement comes near this. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    static final int MIN_BODY_BYTES = 8 + 8 + 2 + 2 + 4;

    private RecordCodec() {}

    static ByteBuffer encode(SpoolRecord r) {
        byte[] topic = r.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
        if (topic.length > Short.MAX_VALUE || (key != null && key.length > Short.MAX_VALUE)) {
            throw new IllegalArgumentException("topic or key longer than " + Short.MAX_VALUE + " bytes");
        }
        int bodyLength = r.bodySize();
        if (bodyLength > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("spool record of " + bodyLength + " bytes exceeds " + MAX_BODY_BYTES);
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + bodyLength);
        buf.putInt(bodyLength).putInt(0);
        buf.putLong(r.seq()).putLong(r.timestamp());
        buf.putShort((short) topic.length).put(topic);
        if (key == null) {
            buf.putShort((short) -1);
        } else {
            buf.putShort((short) key.length).put(key);
        }
        buf.putInt(r.value().length).put(r.value());
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), HEADER_BYTES, bodyLength);
        buf.putInt(4, (int) crc.getValue());
        buf.flip();
        return buf;
    }

    /**
     * Decodes a body whose length and checksum were read from the header.
     *
     * @return the record, or null when the checksum or the inner lengths do not match (a torn or
     *         corrupted record)
     */
    static SpoolRecord decodeBody(ByteBuffer body, int expectedCrc) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        if ((int) crc.getValue() != expectedCrc) {
            return null;
        }
        try {
            long seq = body.getLong();
            long timestamp = body.getLong();
            byte[] topic = new byte[body.getShort()];
            body.get(topic);
            short keyLength = body.getShort();
            String key = null;
            if (keyLength >= 0) {
                byte[] k = new byte[keyLength];
                body.get(k);
                key = new String(k, StandardCharsets.UTF_8);
            }
            int valueLength = body.getInt();
            if (valueLength != body.remaining()) {
                return null;
            }
            byte[] value = new byte[valueLength];
            body.get(value);
            return new SpoolRecord(seq, new String(topic, StandardCharsets.UTF_8), key, timestamp, value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
