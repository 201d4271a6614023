package io.sluice.mq.client;

import io.sluice.mq.common.MessageQueue;

/**
 * A stored message this client cannot decode (for example flagged compressed but not a zlib
 * stream, or compressed with an algorithm this client does not support). Names the queue and the
 * offset; the queue stays at that offset until the application seeks, e.g. one past it to skip
 * the message. Immutable.
 */
public final class UndecodableMessageException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final transient MessageQueue queue;
    private final long offset;

    public UndecodableMessageException(MessageQueue queue, long offset, Throwable cause) {
        super(
                "the message at offset " + offset + " of " + queue + " cannot be decoded (" + cause.getMessage()
                        + "); seek to " + (offset + 1) + " to skip it",
                cause);
        this.queue = queue;
        this.offset = offset;
    }

    public MessageQueue queue() {
        return queue;
    }

    /** The offset of the message that cannot be decoded. */
    public long offset() {
        return offset;
    }
}
