package io.sluice.mq.common;

/**
 * The one source of time for everything in {@code src/main}. Production code gets {@link
 * SystemClock}; tests pass a manual clock so timing-dependent behaviour (retention, flush intervals,
 * delays) is deterministic.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Clock {

    /** Wall-clock time in milliseconds since the epoch; may jump. Used for stored timestamps. */
    long nowMs();

    /** Monotonic time in nanoseconds with an arbitrary origin. Used for intervals and timeouts. */
    long nanoTime();
}
