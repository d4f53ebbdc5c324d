package org.vantage.detect.serde;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary serde for the two state values written back at every commit (window summaries and network
 * state), where Jackson's reflective walk of maps and long arrays was a tenth of the stream thread
 * (about 6 us per window summary). Each value starts with a format byte; a value starting with {@code '{'} is
 * the JSON those stores held before, and is still read, so an existing changelog restores. The field layout
 * of each type lives in its {@link Codec}, next to the class.
 */
public final class BinaryStateSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    /** Format of the values written now. */
    static final byte FORMAT_V1 = 1;

    private static final byte JSON_OBJECT = '{';

    /** Writes and reads one type's fields, in a fixed order. */
    public interface Codec<T> {
        void write(T value, Writer out);

        T read(Reader in);
    }

    /**
     * One growing buffer per thread, reused for every value: the serde is shared by the tasks of all stream threads,
     * and a fresh buffer per value (grown once or twice for a large window summary) was most of what it allocated.
     */
    private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

    private final Class<T> type;
    private final Codec<T> codec;
    private final JsonSerde<T> legacy;

    private BinaryStateSerde(Class<T> type, Codec<T> codec) {
        this.type = type;
        this.codec = codec;
        this.legacy = JsonSerde.of(type);
    }

    public static <T> BinaryStateSerde<T> of(Class<T> type, Codec<T> codec) {
        return new BinaryStateSerde<>(type, codec);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Writer out = WRITERS.get().reset();
        out.writeByte(FORMAT_V1);
        codec.write(data, out);
        return out.toByteArray();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == JSON_OBJECT) {
            return legacy.deserialize(topic, data);
        }
        if (data.length == 0 || data[0] != FORMAT_V1) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " on " + topic
                    + ": unknown format " + (data.length == 0 ? "(empty)" : Byte.toString(data[0])));
        }
        try {
            return codec.read(new Reader(ByteBuffer.wrap(data, 1, data.length - 1)));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new SerializationException(
                    "cannot read " + type.getSimpleName() + " on " + topic + ": truncated or corrupt", e);
        }
    }

    /** Big-endian fixed-width numbers, length-prefixed UTF-8 strings and byte arrays (-1: null) into a growing buffer. */
    public static final class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(4096);

        Writer reset() {
            buf.clear();
            return this;
        }

        private ByteBuffer room(int bytes) {
            if (buf.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + bytes));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
            return buf;
        }

        public void writeByte(int b) {
            room(1).put((byte) b);
        }

        public void writeBoolean(boolean b) {
            room(1).put(b ? (byte) 1 : (byte) 0);
        }

        public void writeInt(int v) {
            room(4).putInt(v);
        }

        public void writeLong(long v) {
            room(8).putLong(v);
        }

        public void writeDouble(double v) {
            room(8).putDouble(v);
        }

        /** A boxed number that may be null. */
        public void writeNullableDouble(Double v) {
            writeBoolean(v != null);
            if (v != null) {
                writeDouble(v);
            }
        }

        /**
         * Length-prefixed UTF-8. ASCII strings (probe ids, platforms, keys: nearly all) are copied into the buffer char by
         * char, the same bytes as {@link String#getBytes} gives without the array it allocates: a network's state and
         * window summaries write dozens of strings at every commit.
         */
        public void writeString(String s) {
            if (s == null) {
                writeInt(-1);
                return;
            }
            int n = s.length();
            ByteBuffer b = room(4 + n);
            int start = b.position();
            b.putInt(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    b.position(start); // not ASCII: the encoder's bytes instead
                    writeBytes(s.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                b.put((byte) c);
            }
        }

        /** A list of strings that may be null. */
        public void writeStrings(List<String> values) {
            writeInt(values == null ? -1 : values.size());
            if (values != null) {
                values.forEach(this::writeString);
            }
        }

        /** Counts by name (outcome counts), that may be null. */
        public void writeCounts(Map<String, Long> counts) {
            writeInt(counts == null ? -1 : counts.size());
            if (counts != null) {
                for (Map.Entry<String, Long> e : counts.entrySet()) {
                    writeString(e.getKey());
                    writeLong(e.getValue());
                }
            }
        }

        public void writeBytes(byte[] b) {
            if (b == null) {
                writeInt(-1);
                return;
            }
            room(4 + b.length).putInt(b.length).put(b);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    /** Reads what {@link Writer} wrote. */
    public static final class Reader {
        private final ByteBuffer buf;

        Reader(ByteBuffer buf) {
            this.buf = buf;
        }

        /** True when everything was read: a value written before a trailing component was added ends here. */
        public boolean atEnd() {
            return !buf.hasRemaining();
        }

        public boolean readBoolean() {
            return buf.get() != 0;
        }

        public int readInt() {
            return buf.getInt();
        }

        /** A count of following items, checked against what is left so a corrupt value cannot allocate without bound. */
        public int readCount() {
            int n = buf.getInt();
            if (n < 0 || n > buf.remaining()) {
                throw new IllegalArgumentException("count " + n + " with " + buf.remaining() + " bytes left");
            }
            return n;
        }

        public long readLong() {
            return buf.getLong();
        }

        public double readDouble() {
            return buf.getDouble();
        }

        public Double readNullableDouble() {
            return readBoolean() ? readDouble() : null;
        }

        public String readString() {
            byte[] b = readBytes();
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }

        /** What {@link Writer#writeStrings} wrote: a mutable list, or null. */
        public List<String> readStrings() {
            int n = readInt();
            if (n < 0) {
                return null;
            }
            List<String> values = new ArrayList<>(Math.min(n, 64));
            for (int i = 0; i < n; i++) {
                values.add(readString());
            }
            return values;
        }

        /** What {@link Writer#writeCounts} wrote: a sorted mutable map, or null. */
        public Map<String, Long> readCounts() {
            int n = readInt();
            if (n < 0) {
                return null;
            }
            Map<String, Long> counts = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                counts.put(readString(), readLong());
            }
            return counts;
        }

        public byte[] readBytes() {
            int n = buf.getInt();
            if (n < 0) {
                return null;
            }
            if (n > buf.remaining()) {
                throw new IllegalArgumentException("length " + n + " with " + buf.remaining() + " bytes left");
            }
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
