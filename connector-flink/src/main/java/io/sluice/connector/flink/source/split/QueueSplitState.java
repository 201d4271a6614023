package io.sluice.connector.flink.source.split;

/**
 * The mutable progress of a {@link QueueSplit} inside a reader: the next offset to read, advanced
 * by the record emitter as records are handed to Flink, and the store time of the last one (for
 * the lag-in-ms metric). A checkpoint turns it back into a split starting at that offset.
 *
 * <p>Not thread-safe: touched only by the task thread (emitter, snapshot).
 */
public final class QueueSplitState {

    private final QueueSplit split;
    private long nextOffset;
    private long lastStoreTimestampMs = -1;

    public QueueSplitState(QueueSplit split) {
        this.split = split;
        this.nextOffset = split.startingOffset();
    }

    public QueueSplit split() {
        return split;
    }

    public long nextOffset() {
        return nextOffset;
    }

    /** Records that the message at {@code offset}, stored at {@code storeTimestampMs}, was handled. */
    public void handled(long offset, long storeTimestampMs) {
        this.nextOffset = offset + 1;
        this.lastStoreTimestampMs = storeTimestampMs;
    }

    /** Store time of the last handled message, or -1 if none yet. */
    public long lastStoreTimestampMs() {
        return lastStoreTimestampMs;
    }

    /** The split to checkpoint: the same queue and stop, starting at the next offset. */
    public QueueSplit toSplit() {
        return split.withStartingOffset(nextOffset);
    }
}
