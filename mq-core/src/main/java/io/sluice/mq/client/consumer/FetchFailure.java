package io.sluice.mq.client.consumer;

/**
 * A run of consecutive failed fetches of one queue (pulls or start-offset lookups), as {@link
 * Consumer#fetchFailures()} reports it. Immutable.
 *
 * @param consecutive how many fetches failed in a row, at least 1
 * @param sinceNanos {@link io.sluice.mq.common.Clock#nanoTime()} of the first failure of the run
 * @param lastCause why the latest one failed (may be null if the transport gave no cause)
 */
public record FetchFailure(int consecutive, long sinceNanos, Throwable lastCause) {

    /** The run extended by one more failure. */
    FetchFailure next(Throwable cause) {
        return new FetchFailure(consecutive == Integer.MAX_VALUE ? consecutive : consecutive + 1, sinceNanos, cause);
    }
}
