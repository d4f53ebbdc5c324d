package org.vantage.probe.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded, crash-safe, on-disk store-and-forward queue (single writer, single reader).
 *
 * <p>Layout of the spool directory:
 * <ul>
 *   <li>{@code <firstSeq>.seg}: append-only segment files of length-prefixed, CRC32C-checked records
 *       (see {@link RecordCodec}); a new segment is started when the active one reaches
 *       {@link SpoolOptions#segmentBytes()};</li>
 *   <li>{@code checkpoint}: the spool's random id (chosen when the directory is first used, so a
 *       checkpoint kept elsewhere can be told apart from one of an earlier, wiped spool), the highest
 *       sequence number no longer needed ({@code acked}: every record up to it was acknowledged by Kafka or
 *       dropped) and the number of records dropped so far; written to a
 *       temporary file, fsynced and renamed, so it is always either the old or the new version;</li>
 *   <li>{@code .lock}: an OS file lock so two processes never share one spool (released by the OS when
 *       the owner dies, also on {@code kill -9}).</li>
 * </ul>
 *
 * <p>Durability: {@link #append(List)} writes a batch and fsyncs once before returning, so a record whose
 * append returned survives a crash. On open, every segment is scanned; a record with a bad length or
 * checksum (a write torn by a crash) ends its segment, which is truncated there.
 *
 * <p>Bound: when the unacknowledged records exceed {@code maxBytes} or {@code maxRecords}, the oldest are
 * dropped (the acknowledged position moves past them) and counted; the count is persisted. Records the
 * reader is currently sending may be dropped too; if Kafka then acknowledges them they are taken off the
 * drop count again, so the count is exact as long as the process does not crash with a send in flight.
 */
public final class Spool implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final String SEGMENT_SUFFIX = ".seg";
    private static final String CHECKPOINT = "checkpoint";

    private final Path dir;
    private final SpoolOptions options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Segments by first sequence number; the last one is the active (written) segment. */
    private final TreeMap<Long, Segment> segments = new TreeMap<>();

    private final SpoolIndex unacked = new SpoolIndex();
    /** Records dropped while handed to the reader, oldest first; un-counted if Kafka acknowledges them. */
    private final ArrayDeque<Long> droppedInFlight = new ArrayDeque<>();

    private String id;
    private long acked;
    private long dropped;
    private long nextSeq;
    private long inFlightThrough;
    private long truncatedBytes;
    private ReadCursor cursor;
    private boolean closed;

    private Spool(Path dir, SpoolOptions options, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the spool in {@code dir}, recovering from a crash: torn tails are cut off,
     * fully acknowledged segments deleted, and the bound applied.
     *
     * @throws IllegalStateException when another process holds the spool
     */
    public static Spool open(Path dir, SpoolOptions options) {
        try {
            Files.createDirectories(dir);
            FileChannel lockChannel =
                    FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("spool directory " + dir
                        + " is in use by another process: give each probe its own spool directory");
            }
            Spool spool = new Spool(dir, options, lockChannel, lock);
            spool.recover();
            return spool;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void recover() throws IOException {
        readCheckpoint();
        if (id == null) {
            id = java.util.UUID.randomUUID().toString();
            writeCheckpoint();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SEGMENT_SUFFIX))
                    .sorted()
                    .toList();
        }
        long lastSeq = acked;
        long previous = Long.MIN_VALUE;
        for (Path file : files) {
            long first = Long.parseLong(file.getFileName().toString().replace(SEGMENT_SUFFIX, ""));
            Segment seg = new Segment(file, first);
            long pos = 0;
            long size = seg.channel.size();
            while (pos < size) {
                Decoded d = readAt(seg.channel, pos, size);
                // A record that does not decode, or whose sequence number does not increase, is where a
                // crash tore the write: everything from here on in this segment is cut off.
                if (d == null || d.record.seq() <= previous) {
                    long cut = size - pos;
                    truncatedBytes += cut;
                    log.warn("event=spool_torn_tail segment={} position={} truncated_bytes={}", file, pos, cut);
                    seg.channel.truncate(pos);
                    seg.channel.force(true);
                    break;
                }
                SpoolRecord r = d.record;
                if (r.seq() > acked) {
                    unacked.add(r.seq(), d.size);
                }
                lastSeq = Math.max(lastSeq, r.seq());
                previous = r.seq();
                seg.lastSeq = r.seq();
                pos += d.size;
            }
            seg.size = seg.channel.size();
            segments.put(first, seg);
        }
        nextSeq = lastSeq + 1;
        inFlightThrough = acked;
        deleteAckedSegments();
        if (segments.isEmpty() || segments.lastEntry().getValue().size >= options.segmentBytes()) {
            roll();
        }
        if (enforceBound() > 0) {
            writeCheckpoint();
        }
        log.info(
                "event=spool_open dir={} depth={} depth_bytes={} acked_through={} dropped_total={} truncated_bytes={}",
                dir,
                unacked.count(),
                unacked.bytes(),
                acked,
                dropped,
                truncatedBytes);
    }

    /**
     * Appends records in order, fsyncs once, then applies the bound.
     *
     * @return the records with their assigned sequence numbers
     */
    public synchronized List<SpoolRecord> append(List<SpoolRecord> records) {
        ensureOpen();
        if (records.isEmpty()) {
            return List.of();
        }
        List<SpoolRecord> out = new ArrayList<>(records.size());
        try {
            Segment active = segments.lastEntry().getValue();
            for (SpoolRecord r : records) {
                if (active.size >= options.segmentBytes()) {
                    active.channel.force(false);
                    active = roll();
                }
                SpoolRecord withSeq = r.withSeq(nextSeq++);
                ByteBuffer buf = RecordCodec.encode(withSeq);
                int size = buf.remaining();
                while (buf.hasRemaining()) {
                    active.channel.write(buf, active.size + (size - buf.remaining()));
                }
                active.size += size;
                active.lastSeq = withSeq.seq();
                unacked.add(withSeq.seq(), size);
                out.add(withSeq);
            }
            active.channel.force(false);
            if (enforceBound() > 0) {
                writeCheckpoint();
                deleteAckedSegments();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spool append failed in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    public SpoolRecord append(SpoolRecord record) {
        return append(List.of(record)).get(0);
    }

    /**
     * Reads the oldest unacknowledged records after {@code afterSeq}, at most {@code maxRecords} and about
     * {@code maxBytes} (at least one record is returned when any is available). The records count as in
     * flight until acknowledged or {@link #releaseInFlight() released}.
     */
    public synchronized List<SpoolRecord> read(long afterSeq, int maxRecords, long maxBytes) {
        ensureOpen();
        long start = Math.max(afterSeq, acked) + 1;
        List<SpoolRecord> out = new ArrayList<>();
        if (start >= nextSeq || unacked.isEmpty()) {
            return out;
        }
        try {
            Map.Entry<Long, Segment> entry = segments.floorEntry(start);
            if (entry == null) {
                entry = segments.firstEntry();
            }
            long pos = 0;
            if (cursor != null && cursor.segmentFirst == entry.getKey() && cursor.nextSeq <= start) {
                pos = cursor.position;
            }
            long bytes = 0;
            Segment seg = entry.getValue();
            while (seg != null && out.size() < maxRecords && (out.isEmpty() || bytes < maxBytes)) {
                if (pos >= seg.size) {
                    Map.Entry<Long, Segment> next = segments.higherEntry(seg.firstSeq);
                    seg = next == null ? null : next.getValue();
                    pos = 0;
                    continue;
                }
                Decoded d = readAt(seg.channel, pos, seg.size);
                if (d == null) {
                    throw new IllegalStateException("spool segment " + seg.path + " is corrupt at position " + pos
                            + " although it was verified on open: the disk or another process modified it");
                }
                pos += d.size;
                if (d.record.seq() >= start) {
                    out.add(d.record);
                    bytes += d.size;
                }
                cursor = new ReadCursor(seg.firstSeq, pos, d.record.seq() + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spool read failed in " + dir + ": " + e.getMessage(), e);
        }
        if (!out.isEmpty()) {
            inFlightThrough = Math.max(inFlightThrough, out.get(out.size() - 1).seq());
        }
        return out;
    }

    /**
     * Records that Kafka acknowledged every record up to {@code throughSeq} (inclusive); persists the
     * position and deletes segments that are no longer needed.
     */
    public synchronized void acknowledge(long throughSeq) {
        ensureOpen();
        while (!droppedInFlight.isEmpty() && droppedInFlight.peekFirst() <= throughSeq) {
            droppedInFlight.removeFirst();
            dropped--;
        }
        if (throughSeq <= acked) {
            return;
        }
        acked = Math.min(throughSeq, nextSeq - 1);
        while (!unacked.isEmpty() && unacked.firstSeq() <= acked) {
            unacked.removeFirst();
        }
        try {
            writeCheckpoint();
            deleteAckedSegments();
        } catch (IOException e) {
            throw new UncheckedIOException("spool checkpoint failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The reader gave up on what it had in flight (e.g. Kafka failed); records dropped meanwhile stay dropped. */
    public synchronized void releaseInFlight() {
        droppedInFlight.clear();
        inFlightThrough = acked;
    }

    /**
     * Random id of this spool directory, fixed when it was first used: sequence numbers are only
     * meaningful together with it (a wiped and recreated spool starts at 0 again under a new id).
     */
    public String id() {
        return id;
    }

    /** Highest sequence number that is acknowledged or dropped. */
    public synchronized long ackedThrough() {
        return acked;
    }

    /** Unacknowledged records on disk. */
    public synchronized long depth() {
        return unacked.count();
    }

    public synchronized long depthBytes() {
        return unacked.bytes();
    }

    /** Records dropped by the bound, oldest first, over the lifetime of this spool directory. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Bytes cut off torn segment tails when this spool was opened. */
    public long truncatedBytesOnOpen() {
        return truncatedBytes;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Segment s : segments.values()) {
            try {
                s.channel.force(true);
                s.channel.close();
            } catch (IOException e) {
                log.warn("event=spool_close_failed segment={} error={}", s.path, e.toString());
            }
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("event=spool_unlock_failed dir={} error={}", dir, e.toString());
        }
    }

    private int enforceBound() {
        int n = 0;
        while (!unacked.isEmpty() && (unacked.count() > options.maxRecords() || unacked.bytes() > options.maxBytes())) {
            long seq = unacked.removeFirst();
            acked = seq;
            dropped++;
            n++;
            if (seq <= inFlightThrough) {
                droppedInFlight.addLast(seq);
            }
        }
        if (n > 0) {
            log.warn(
                    "event=spool_dropped_oldest records={} dropped_total={} max_bytes={} max_records={}",
                    n,
                    dropped,
                    options.maxBytes(),
                    options.maxRecords());
        }
        return n;
    }

    private Segment roll() throws IOException {
        Path file = dir.resolve(String.format("%020d%s", nextSeq, SEGMENT_SUFFIX));
        Segment seg = new Segment(file, nextSeq);
        seg.size = seg.channel.size();
        segments.put(nextSeq, seg);
        fsyncDirectory();
        return seg;
    }

    private void deleteAckedSegments() throws IOException {
        boolean deleted = false;
        while (segments.size() > 1) {
            Map.Entry<Long, Segment> first = segments.firstEntry();
            long nextFirst = segments.higherKey(first.getKey());
            if (nextFirst - 1 > acked) {
                break;
            }
            Segment seg = first.getValue();
            seg.channel.close();
            Files.deleteIfExists(seg.path);
            segments.remove(first.getKey());
            if (cursor != null && cursor.segmentFirst == seg.firstSeq) {
                cursor = null;
            }
            deleted = true;
        }
        if (deleted) {
            fsyncDirectory();
        }
    }

    private void readCheckpoint() throws IOException {
        Path file = dir.resolve(CHECKPOINT);
        acked = -1;
        dropped = 0;
        id = null;
        if (!Files.exists(file)) {
            return;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            id = p.getProperty("id");
            acked = Long.parseLong(p.getProperty("acked", "-1"));
            dropped = Long.parseLong(p.getProperty("dropped", "0"));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "spool checkpoint " + file + " is not readable (" + e.getMessage()
                            + "); it is written atomically, so something else modified it",
                    e);
        }
    }

    private void writeCheckpoint() throws IOException {
        Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        byte[] content =
                ("id=" + id + "\nacked=" + acked + "\ndropped=" + dropped + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(content));
            ch.force(true);
        }
        try {
            Files.move(
                    tmp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("file system of " + dir + " cannot rename atomically; the spool needs it", e);
        }
        fsyncDirectory();
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename is still atomic there.
            log.debug("directory fsync not supported for {}: {}", dir, e.toString());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
    }

    /**
     * Every intact record still in the segment files of {@code dir}, acknowledged or not, without opening
     * the spool (no lock, nothing modified): for diagnostics and tests that must know exactly what a
     * crashed probe had stored.
     */
    public static List<SpoolRecord> scan(Path dir) {
        List<SpoolRecord> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path file : s.filter(p -> p.getFileName().toString().endsWith(SEGMENT_SUFFIX))
                    .sorted()
                    .toList()) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    long size = ch.size();
                    long pos = 0;
                    Decoded d;
                    while (pos < size && (d = readAt(ch, pos, size)) != null) {
                        out.add(d.record);
                        pos += d.size;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan spool " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Reads one record at {@code pos}; null when it is torn or corrupt. */
    private static Decoded readAt(FileChannel ch, long pos, long limit) throws IOException {
        if (limit - pos < RecordCodec.HEADER_BYTES) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER_BYTES);
        readFully(ch, header, pos);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < RecordCodec.MIN_BODY_BYTES
                || length > RecordCodec.MAX_BODY_BYTES
                || limit - pos - RecordCodec.HEADER_BYTES < length) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(ch, body, pos + RecordCodec.HEADER_BYTES);
        body.flip();
        SpoolRecord r = RecordCodec.decodeBody(body, crc);
        return r == null ? null : new Decoded(r, RecordCodec.HEADER_BYTES + length);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("unexpected end of spool segment at " + p);
            }
            p += n;
        }
    }

    private record Decoded(SpoolRecord record, int size) {}

    private record ReadCursor(long segmentFirst, long position, long nextSeq) {}

    private static final class Segment {
        final Path path;
        final long firstSeq;
        final FileChannel channel;
        long size;
        long lastSeq = -1;

        Segment(Path path, long firstSeq) throws IOException {
            this.path = path;
            this.firstSeq = firstSeq;
            this.channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }
}
