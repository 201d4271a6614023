package io.sluice.connector.flink.source.enumerator.initializer;

import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.mq.common.MessageQueue;
import java.io.Serializable;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a bounded read of a queue ends. The stop is fixed when the enumerator first sees a queue
 * and travels in the split, so a restored job stops at the same place.
 *
 * <p>Implementations are immutable and serializable.
 */
@PublicEvolving
@FunctionalInterface
public interface StoppingOffsets extends Serializable {

    /** The stop of one queue: an offset, a timestamp, or both {@link QueueSplit#NO_STOP}. */
    record Stop(long offset, long timestampMs) {}

    Stop resolve(MessageQueue queue, OffsetsLookup lookup);

    /** The queue's end when the job first saw it ("latest at start"). */
    static StoppingOffsets latest() {
        return (queue, lookup) -> new Stop(lookup.maxOffset(queue), QueueSplit.NO_STOP);
    }

    /** {@code offsets} (the first offset not read) per queue; unnamed queues stop where they are at start. */
    static StoppingOffsets offsets(Map<MessageQueue, Long> offsets) {
        Map<String, Long> copy = new java.util.TreeMap<>(); // split ids: MessageQueue is not serializable
        offsets.forEach((queue, offset) -> copy.put(QueueSplit.splitId(queue), offset));
        return (queue, lookup) -> {
            Long offset = copy.get(QueueSplit.splitId(queue));
            return new Stop(offset != null ? offset : lookup.maxOffset(queue), QueueSplit.NO_STOP);
        };
    }

    /**
     * Messages stored before {@code timestampMs}. The reader stops a queue at the first message
     * stored at or after it, or, with nothing more to read, once the broker's clock is past it
     * and the queue is drained.
     */
    static StoppingOffsets timestamp(long timestampMs) {
        if (timestampMs < 0) {
            throw new IllegalArgumentException("stopping timestamp must be >= 0, was " + timestampMs);
        }
        return (queue, lookup) -> new Stop(QueueSplit.NO_STOP, timestampMs);
    }
}
