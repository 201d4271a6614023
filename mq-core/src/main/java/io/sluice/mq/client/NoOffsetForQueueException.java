package io.sluice.mq.client;

import io.sluice.mq.common.MessageQueue;

/**
 * A consumer has no position for a queue (no seek, no committed offset) and its offset reset
 * strategy is {@code NONE}. Thrown from poll until the application seeks the queue. Immutable.
 */
public final class NoOffsetForQueueException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final transient MessageQueue queue;

    public NoOffsetForQueueException(MessageQueue queue, String group) {
        super(
                "group " + group + " has no committed offset for " + queue + " and the reset strategy is NONE",
                LOCAL,
                null,
                null);
        this.queue = queue;
    }

    public MessageQueue queue() {
        return queue;
    }
}
