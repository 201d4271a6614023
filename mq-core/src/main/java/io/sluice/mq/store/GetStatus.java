package io.sluice.mq.store;

/** Outcome of a queue read; names and meanings follow RocketMQ's {@code GetMessageStatus}. */
public enum GetStatus {
    /** At least one message matched. */
    FOUND,
    /** Entries were read but the tag filter rejected all of them; continue from the next offset. */
    NO_MATCHED_MESSAGE,
    /** The queue holds no messages. */
    NO_MESSAGE_IN_QUEUE,
    /** The offset is below the oldest retained message. */
    OFFSET_TOO_SMALL,
    /** The offset equals the queue's end: nothing new yet (a pull may wait). */
    OFFSET_OVERFLOW_ONE,
    /** The offset is past the queue's end. */
    OFFSET_OVERFLOW_BADLY,
    /** The queue entry points at a commit-log position that retention already removed. */
    MESSAGE_WAS_REMOVING
}
