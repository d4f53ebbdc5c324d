package org.vantage.probe.spool;

/**
 * Bounds of a spool.
 *
 * @param maxBytes     most bytes of unacknowledged records kept; beyond it the oldest are dropped
 * @param maxRecords   most unacknowledged records kept; beyond it the oldest are dropped
 * @param segmentBytes size at which the active segment file is closed and a new one started; disk use is
 *                     at most {@code maxBytes} plus one segment plus one append batch
 */
public record SpoolOptions(long maxBytes, long maxRecords, long segmentBytes) {

    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    public static final long DEFAULT_MAX_RECORDS = 2_000_000L;
    public static final long DEFAULT_SEGMENT_BYTES = 8L * 1024 * 1024;

    public SpoolOptions {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("spool maxBytes must be positive, got " + maxBytes);
        }
        if (maxRecords <= 0) {
            throw new IllegalArgumentException("spool maxRecords must be positive, got " + maxRecords);
        }
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("spool segmentBytes must be at least 1024, got " + segmentBytes);
        }
    }

    public static SpoolOptions defaults() {
        return new SpoolOptions(DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORDS, DEFAULT_SEGMENT_BYTES);
    }

    public SpoolOptions withMaxBytes(long bytes) {
        return new SpoolOptions(bytes, maxRecords, segmentBytes);
    }

    public SpoolOptions withMaxRecords(long records) {
        return new SpoolOptions(maxBytes, records, segmentBytes);
    }

    public SpoolOptions withSegmentBytes(long bytes) {
        return new SpoolOptions(maxBytes, maxRecords, bytes);
    }
}
