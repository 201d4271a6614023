package io.sluice.connector.flink.source.split;

import io.sluice.mq.common.MessageQueue;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One message queue as a Flink split: where reading starts and, in bounded reads, where it stops.
 * Offsets follow the "next offset to read" convention everywhere.
 *
 * <p>A split stops at whichever comes first: reaching {@link #stoppingOffset()} (the first offset
 * not read) or a message stored at or after {@link #stoppingTimestampMs()}. Immutable.
 */
@PublicEvolving
public final class QueueSplit implements SourceSplit {

    /** No stopping offset or timestamp. */
    public static final long NO_STOP = -1L;

    private final MessageQueue queue;
    private final long startingOffset;
    private final long stoppingOffset;
    private final long stoppingTimestampMs;

    /**
     * @param queue the queue
     * @param startingOffset the next offset to read, at least 0
     * @param stoppingOffset the first offset not to read, or {@link #NO_STOP}
     * @param stoppingTimestampMs messages stored at or after this are not read, or {@link #NO_STOP}
     */
    public QueueSplit(MessageQueue queue, long startingOffset, long stoppingOffset, long stoppingTimestampMs) {
        Objects.requireNonNull(queue, "queue");
        if (startingOffset < 0) {
            throw new IllegalArgumentException("startingOffset of " + queue + " must be >= 0, was " + startingOffset);
        }
        if (stoppingOffset < NO_STOP || stoppingTimestampMs < NO_STOP) {
            throw new IllegalArgumentException("stopping offset and timestamp of " + queue + " must be >= -1");
        }
        this.queue = queue;
        this.startingOffset = startingOffset;
        this.stoppingOffset = stoppingOffset;
        this.stoppingTimestampMs = stoppingTimestampMs;
    }

    /** The split id of {@code queue}: {@code topic@broker/queueId}, stable across runs. */
    public static String splitId(MessageQueue queue) {
        return queue.toString();
    }

    @Override
    public String splitId() {
        return splitId(queue);
    }

    public MessageQueue queue() {
        return queue;
    }

    public long startingOffset() {
        return startingOffset;
    }

    public long stoppingOffset() {
        return stoppingOffset;
    }

    public long stoppingTimestampMs() {
        return stoppingTimestampMs;
    }

    /** Whether the split ends somewhere (bounded reads). */
    public boolean isBounded() {
        return stoppingOffset != NO_STOP || stoppingTimestampMs != NO_STOP;
    }

    /** This split resuming at {@code offset}. */
    public QueueSplit withStartingOffset(long offset) {
        return new QueueSplit(queue, offset, stoppingOffset, stoppingTimestampMs);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QueueSplit that
                && queue.equals(that.queue)
                && startingOffset == that.startingOffset
                && stoppingOffset == that.stoppingOffset
                && stoppingTimestampMs == that.stoppingTimestampMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(queue, startingOffset, stoppingOffset, stoppingTimestampMs);
    }

    @Override
    public String toString() {
        return "QueueSplit[" + queue + " from " + startingOffset
                + (stoppingOffset == NO_STOP ? "" : " to " + stoppingOffset)
                + (stoppingTimestampMs == NO_STOP ? "" : " until " + stoppingTimestampMs + " ms")
                + "]";
    }
}
