package io.sluice.mq.launcher.bench;

import io.sluice.mq.common.Checks;

/**
 * A log-linear histogram of non-negative values (latencies in microseconds): values below 64 are
 * counted exactly; above, each power of two is split into 32 buckets, so a reported percentile is
 * within about 3% of the true value. Fixed memory (about 2,000 longs), no allocation per record.
 *
 * <p>Not thread-safe: each load thread records into its own histogram and {@link #add} merges
 * them at the end.
 */
public final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int LINEAR_LIMIT = 2 * SUB_BUCKETS;
    private static final int BUCKETS = LINEAR_LIMIT + (63 - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;
    private double sum;

    /** Counts one value; negative values count as 0. */
    public void record(long value) {
        long clamped = Math.max(0, value);
        counts[bucketOf(clamped)]++;
        total++;
        sum += clamped;
        max = Math.max(max, clamped);
    }

    /** Adds every count of {@code other} into this histogram. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    public long count() {
        return total;
    }

    public long max() {
        return max;
    }

    public double mean() {
        return total == 0 ? 0 : sum / total;
    }

    /**
     * The value at {@code percentile} (0 to 100): the upper edge of the bucket holding that rank,
     * capped at the largest recorded value; 0 when empty.
     */
    public long percentile(double percentile) {
        Checks.argument(percentile >= 0 && percentile <= 100, "percentile must be in [0, 100], was %s", percentile);
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperEdge(i), max);
            }
        }
        return max;
    }

    static int bucketOf(long value) {
        if (value < LINEAR_LIMIT) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BUCKET_BITS + 1
        int shift = magnitude - SUB_BUCKET_BITS;
        int sub = (int) (value >>> shift) - SUB_BUCKETS; // 0..31
        return LINEAR_LIMIT + (magnitude - SUB_BUCKET_BITS - 1) * SUB_BUCKETS + sub;
    }

    static long upperEdge(int bucket) {
        if (bucket < LINEAR_LIMIT) {
            return bucket;
        }
        int offset = bucket - LINEAR_LIMIT;
        int magnitude = offset / SUB_BUCKETS + SUB_BUCKET_BITS + 1;
        int sub = offset % SUB_BUCKETS;
        int shift = magnitude - SUB_BUCKET_BITS;
        long lower = (long) (SUB_BUCKETS + sub) << shift;
        return lower + (1L << shift) - 1;
    }
}
