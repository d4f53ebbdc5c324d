package org.vantage.probe.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static final SpoolOptions LARGE = SpoolOptions.defaults();

    private static SpoolRecord rec(int i) {
        return SpoolRecord.of(
                "topic",
                "PK:" + (17557 + i % 3),
                1_700_000_000_000L + i,
                ("value-" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static List<SpoolRecord> recs(int from, int to) {
        List<SpoolRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(rec(i));
        }
        return out;
    }

    private static List<String> values(List<SpoolRecord> records) {
        return records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static List<String> expectedValues(int from, int to) {
        return recs(from, to).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void appendedRecordsAreReadBackInOrderWithAllFields() {
        try (Spool spool = Spool.open(dir, LARGE)) {
            List<SpoolRecord> appended = spool.append(recs(0, 10));
            assertThat(appended).extracting(SpoolRecord::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            List<SpoolRecord> read = spool.read(-1, 100, Long.MAX_VALUE);
            assertThat(values(read)).isEqualTo(expectedValues(0, 10));
            assertThat(read.get(3).topic()).isEqualTo("topic");
            assertThat(read.get(3).key()).isEqualTo("PK:17557");
            assertThat(read.get(3).timestamp()).isEqualTo(1_700_000_000_003L);
            assertThat(spool.depth()).isEqualTo(10);
        }
    }

    @Test
    void readIsBoundedByRecordsAndContinuesAfterTheGivenSequence() {
        try (Spool spool = Spool.open(dir, LARGE)) {
            spool.append(recs(0, 10));
            List<SpoolRecord> first = spool.read(-1, 4, Long.MAX_VALUE);
            assertThat(first).extracting(SpoolRecord::seq).containsExactly(0L, 1L, 2L, 3L);
            List<SpoolRecord> next = spool.read(3, 4, Long.MAX_VALUE);
            assertThat(next).extracting(SpoolRecord::seq).containsExactly(4L, 5L, 6L, 7L);
            // Rewind (after a failed send) re-reads from the acknowledged position.
            spool.releaseInFlight();
            assertThat(spool.read(-1, 2, Long.MAX_VALUE))
                    .extracting(SpoolRecord::seq)
                    .containsExactly(0L, 1L);
        }
    }

    @Test
    void chunkedReadsWithAcknowledgementsWalkAcrossSegmentsInOrder() {
        try (Spool spool = Spool.open(dir, LARGE.withSegmentBytes(1024))) {
            spool.append(recs(0, 100));
            List<SpoolRecord> seen = new ArrayList<>();
            List<SpoolRecord> chunk;
            while (!(chunk = spool.read(spool.ackedThrough(), 7, Long.MAX_VALUE)).isEmpty()) {
                seen.addAll(chunk);
                spool.acknowledge(chunk.get(chunk.size() - 1).seq());
                spool.append(recs(100 + seen.size() / 7, 100 + seen.size() / 7 + (seen.size() < 140 ? 1 : 0)));
            }
            assertThat(seen).extracting(SpoolRecord::seq).isSorted().doesNotHaveDuplicates();
            assertThat(seen.get(0).seq()).isZero();
            assertThat(seen.get(seen.size() - 1).seq()).isEqualTo(seen.size() - 1);
            assertThat(spool.depth()).isZero();
        }
    }

    @Test
    void nullKeyIsKept() {
        try (Spool spool = Spool.open(dir, LARGE)) {
            spool.append(SpoolRecord.of("t", null, 5, new byte[] {1, 2}));
            SpoolRecord r = spool.read(-1, 1, Long.MAX_VALUE).get(0);
            assertThat(r.key()).isNull();
            assertThat(r.value()).containsExactly(1, 2);
        }
    }

    @Test
    void unacknowledgedRecordsAreReplayedAfterRestartAndSequenceContinues() {
        try (Spool spool = Spool.open(dir, LARGE)) {
            spool.append(recs(0, 5));
        }
        try (Spool spool = Spool.open(dir, LARGE)) {
            assertThat(spool.depth()).isEqualTo(5);
            assertThat(values(spool.read(-1, 100, Long.MAX_VALUE))).isEqualTo(expectedValues(0, 5));
            assertThat(spool.append(rec(5)).seq()).isEqualTo(5);
        }
    }

    @Test
    void acknowledgedPositionSurvivesRestartAndFullyAcknowledgedSegmentsAreDeleted() throws IOException {
        SpoolOptions small = LARGE.withSegmentBytes(1024);
        try (Spool spool = Spool.open(dir, small)) {
            spool.append(recs(0, 200));
            long segmentsBefore = segmentCount();
            assertThat(segmentsBefore).isGreaterThan(3);
            spool.acknowledge(149);
            assertThat(spool.depth()).isEqualTo(50);
            assertThat(segmentCount()).isLessThan(segmentsBefore);
        }
        try (Spool spool = Spool.open(dir, small)) {
            assertThat(spool.ackedThrough()).isEqualTo(149);
            List<SpoolRecord> rest = spool.read(-1, 1000, Long.MAX_VALUE);
            assertThat(values(rest)).isEqualTo(expectedValues(150, 200));
            spool.acknowledge(199);
            assertThat(spool.depth()).isZero();
            assertThat(spool.read(-1, 10, Long.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void tornLastRecordIsTruncatedOnOpenAndAppendsContinueAfterIt() throws IOException {
        try (Spool spool = Spool.open(dir, LARGE)) {
            spool.append(recs(0, 3));
        }
        Path segment = onlySegment();
        long fullSize = Files.size(segment);
        // Simulate kill -9 in the middle of writing a fourth record: a header and half a body.
        ByteBuffer fourth = RecordCodec.encode(rec(3).withSeq(3));
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            fourth.limit(fourth.limit() / 2);
            ch.write(fourth);
        }
        try (Spool spool = Spool.open(dir, LARGE)) {
            assertThat(spool.truncatedBytesOnOpen()).isEqualTo(fourth.limit());
            assertThat(Files.size(segment)).isEqualTo(fullSize);
            assertThat(values(spool.read(-1, 100, Long.MAX_VALUE))).isEqualTo(expectedValues(0, 3));
            assertThat(spool.append(rec(3)).seq()).isEqualTo(3);
        }
        try (Spool spool = Spool.open(dir, LARGE)) {
            assertThat(spool.truncatedBytesOnOpen()).isZero();
            assertThat(values(spool.read(-1, 100, Long.MAX_VALUE))).isEqualTo(expectedValues(0, 4));
        }
    }

    @Test
    void recordWithBadChecksumEndsTheSegment() throws IOException {
        try (Spool spool = Spool.open(dir, LARGE)) {
            spool.append(recs(0, 3));
        }
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0x5a}), size - 2); // inside the last record's value
        }
        try (Spool spool = Spool.open(dir, LARGE)) {
            assertThat(values(spool.read(-1, 100, Long.MAX_VALUE))).isEqualTo(expectedValues(0, 2));
            assertThat(spool.truncatedBytesOnOpen()).isPositive();
        }
    }

    @Test
    void recordBoundDropsTheOldestAndCountsExactlyAcrossRestarts() {
        SpoolOptions bound = LARGE.withMaxRecords(5);
        try (Spool spool = Spool.open(dir, bound)) {
            spool.append(recs(0, 4));
            assertThat(spool.dropped()).isZero();
            spool.append(recs(4, 12));
            assertThat(spool.dropped()).isEqualTo(7);
            assertThat(spool.depth()).isEqualTo(5);
            assertThat(values(spool.read(-1, 100, Long.MAX_VALUE))).isEqualTo(expectedValues(7, 12));
        }
        try (Spool spool = Spool.open(dir, bound)) {
            assertThat(spool.dropped()).isEqualTo(7);
            assertThat(values(spool.read(-1, 100, Long.MAX_VALUE))).isEqualTo(expectedValues(7, 12));
            spool.append(rec(12));
            assertThat(spool.dropped()).isEqualTo(8);
        }
    }

    @Test
    void byteBoundDropsTheOldest() {
        int recordSize = rec(0).encodedSize();
        try (Spool spool = Spool.open(dir, LARGE.withMaxBytes(recordSize * 3L))) {
            spool.append(recs(0, 5));
            assertThat(spool.dropped()).isEqualTo(2);
            assertThat(spool.depthBytes()).isEqualTo(recordSize * 3L);
            assertThat(values(spool.read(-1, 100, Long.MAX_VALUE))).isEqualTo(expectedValues(2, 5));
        }
    }

    @Test
    void smallerBoundOnReopenDropsTheExcess() {
        try (Spool spool = Spool.open(dir, LARGE)) {
            spool.append(recs(0, 10));
        }
        try (Spool spool = Spool.open(dir, LARGE.withMaxRecords(4))) {
            assertThat(spool.dropped()).isEqualTo(6);
            assertThat(values(spool.read(-1, 100, Long.MAX_VALUE))).isEqualTo(expectedValues(6, 10));
        }
    }

    @Test
    void recordsDroppedWhileInFlightAreUncountedWhenKafkaAcknowledgesThem() {
        try (Spool spool = Spool.open(dir, LARGE.withMaxRecords(4))) {
            spool.append(recs(0, 4));
            List<SpoolRecord> inFlight = spool.read(-1, 2, Long.MAX_VALUE); // seq 0, 1
            spool.append(recs(4, 7)); // drops 0, 1, 2
            assertThat(spool.dropped()).isEqualTo(3);
            spool.acknowledge(inFlight.get(inFlight.size() - 1).seq());
            assertThat(spool.dropped()).isEqualTo(1); // only seq 2 was really lost
            assertThat(values(spool.read(-1, 100, Long.MAX_VALUE))).isEqualTo(expectedValues(3, 7));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        try (Spool ignored = Spool.open(dir, LARGE)) {
            assertThatThrownBy(() -> Spool.open(dir, LARGE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another process");
        }
    }

    private long segmentCount() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> segs = s.filter(p -> p.toString().endsWith(".seg")).toList();
            assertThat(segs).hasSize(1);
            return segs.get(0);
        }
    }
}
