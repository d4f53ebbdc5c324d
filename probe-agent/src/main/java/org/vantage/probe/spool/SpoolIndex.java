package org.vantage.probe.spool;

/**
 * In-memory list of the unacknowledged records (sequence number and size on disk), oldest first, held in
 * primitive ring buffers so a spool of millions of records costs 12 bytes per record.
 */
final class SpoolIndex {

    private long[] seqs = new long[1024];
    private int[] sizes = new int[1024];
    private int head;
    private int count;
    private long bytes;

    void add(long seq, int size) {
        if (count == seqs.length) {
            grow();
        }
        int i = (head + count) % seqs.length;
        seqs[i] = seq;
        sizes[i] = size;
        count++;
        bytes += size;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    long firstSeq() {
        return seqs[head];
    }

    /** Removes the oldest record and returns its sequence number. */
    long removeFirst() {
        long seq = seqs[head];
        bytes -= sizes[head];
        head = (head + 1) % seqs.length;
        count--;
        return seq;
    }

    private void grow() {
        long[] s = new long[seqs.length * 2];
        int[] z = new int[seqs.length * 2];
        for (int k = 0; k < count; k++) {
            int i = (head + k) % seqs.length;
            s[k] = seqs[i];
            z[k] = sizes[i];
        }
        seqs = s;
        sizes = z;
        head = 0;
    }
}
