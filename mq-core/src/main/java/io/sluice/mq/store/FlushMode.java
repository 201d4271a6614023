package io.sluice.mq.store;

/**
 * When an append is acknowledged; RocketMQ's {@code flushDiskType}.
 *
 * <p>Both modes fsync; they differ in whether the producer waits for it.
 */
public enum FlushMode {
    /** Acknowledged once the bytes reach the page cache; a background flusher fsyncs on an interval. */
    ASYNC_FLUSH,
    /**
     * Acknowledged once an fsync covers the bytes. One fsync covers every append written before it
     * started (group commit), so throughput grows with the number of concurrent producers.
     */
    SYNC_FLUSH
}
