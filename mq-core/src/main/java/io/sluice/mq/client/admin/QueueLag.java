package io.sluice.mq.client.admin;

import io.sluice.mq.common.MessageQueue;
import java.util.OptionalLong;

/**
 * How far a consumer group is behind on one queue. Immutable.
 *
 * @param queue the queue
 * @param committed the group's committed offset (next offset to read), empty if none
 * @param maxOffset the queue's next offset to be written
 * @param lag messages not yet consumed: {@code maxOffset - committed}, or {@code maxOffset -
 *     minOffset} without a committed offset
 * @param lagSeconds age in whole seconds of the oldest message not yet consumed (0 when caught
 *     up); against a broker that does not report it (stock RocketMQ), the time since the last
 *     consumed message was stored, an upper bound; -1 if unknown
 * @param lastConsumedTimestamp store time of the last consumed message, ms; 0 if none or unknown
 * @param inflight messages the group pulled and has not committed yet (the broker's pull offset
 *     minus the committed offset); -1 if the broker does not report pull offsets (RocketMQ 4.x)
 */
public record QueueLag(
        MessageQueue queue,
        OptionalLong committed,
        long maxOffset,
        long lag,
        long lagSeconds,
        long lastConsumedTimestamp,
        long inflight) {

    /** A lag without in-flight count. */
    public QueueLag(
            MessageQueue queue,
            OptionalLong committed,
            long maxOffset,
            long lag,
            long lagSeconds,
            long lastConsumedTimestamp) {
        this(queue, committed, maxOffset, lag, lagSeconds, lastConsumedTimestamp, -1);
    }

    /** A lag without the last consumed message's store time. */
    public QueueLag(MessageQueue queue, OptionalLong committed, long maxOffset, long lag, long lagSeconds) {
        this(queue, committed, maxOffset, lag, lagSeconds, 0);
    }
}
