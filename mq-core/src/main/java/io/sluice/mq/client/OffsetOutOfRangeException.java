package io.sluice.mq.client;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.ResponseCode;

/**
 * A consumer asked for an offset outside its queue (PULL_OFFSET_MOVED) and its offset reset
 * strategy is {@code NONE}. Names the queue, the requested offset and the queue's bounds; the
 * queue keeps its position until the application seeks. Immutable.
 */
public final class OffsetOutOfRangeException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final transient MessageQueue queue;
    private final long requestedOffset;
    private final long suggestedOffset;

    public OffsetOutOfRangeException(MessageQueue queue, long requestedOffset, long suggestedOffset, String address) {
        super(
                "offset " + requestedOffset + " is out of range for " + queue + " (broker suggests " + suggestedOffset
                        + ") and the reset strategy is NONE",
                ResponseCode.PULL_OFFSET_MOVED,
                null,
                address);
        this.queue = queue;
        this.requestedOffset = requestedOffset;
        this.suggestedOffset = suggestedOffset;
    }

    public MessageQueue queue() {
        return queue;
    }

    public long requestedOffset() {
        return requestedOffset;
    }

    /** The broker's corrected offset (its min or max offset of the queue). */
    public long suggestedOffset() {
        return suggestedOffset;
    }
}
