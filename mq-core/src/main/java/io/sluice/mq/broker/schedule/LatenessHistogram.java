package io.sluice.mq.broker.schedule;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How late delayed messages were released: milliseconds from their due time to the moment their
 * copy was handed to the store, counted in fixed buckets (upper bounds {@code 0, 1, 2, 5, 10, 20,
 * 50, 100, 200, 500 ms, 1, 2, 5, 10, 30, 60 s}, then everything later), with the count, the
 * maximum and the number of releases later than one second.
 *
 * <p>Thread-safe: one thread records, any thread reads (values may be mid-update by one record).
 */
public final class LatenessHistogram {

    private static final long[] UPPER_BOUNDS_MS = {
        0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000
    };

    private final AtomicLongArray counts = new AtomicLongArray(UPPER_BOUNDS_MS.length + 1);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong overOneSecond = new AtomicLong();

    /** Counts one release {@code latenessMs} after its due time (negative counts as 0: early is on time). */
    public void record(long latenessMs) {
        long value = Math.max(0, latenessMs);
        int bucket = 0;
        while (bucket < UPPER_BOUNDS_MS.length && value > UPPER_BOUNDS_MS[bucket]) {
            bucket++;
        }
        counts.incrementAndGet(bucket);
        total.incrementAndGet();
        max.accumulateAndGet(value, Math::max);
        if (value > 1_000) {
            overOneSecond.incrementAndGet();
        }
    }

    /** Releases recorded. */
    public long count() {
        return total.get();
    }

    /** The latest release, ms after its due time. */
    public long maxMs() {
        return max.get();
    }

    /** Releases more than one second late. */
    public long overOneSecond() {
        return overOneSecond.get();
    }

    /**
     * The upper bound of the bucket holding the {@code percentile} (0 to 100) rank, capped at the
     * maximum; 0 when empty.
     */
    public long percentileMs(double percentile) {
        long all = total.get();
        if (all == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * all));
        long seen = 0;
        for (int i = 0; i < UPPER_BOUNDS_MS.length; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(UPPER_BOUNDS_MS[i], max.get());
            }
        }
        return max.get();
    }

    @Override
    public String toString() {
        return "lateness[count=" + count() + ", p50=" + percentileMs(50) + " ms, p99=" + percentileMs(99) + " ms, max="
                + maxMs() + " ms, >1s=" + overOneSecond() + "]";
    }
}
