package io.sluice.connector.flink.source.enumerator.initializer;

import io.sluice.mq.common.MessageQueue;
import java.util.OptionalLong;

/**
 * The broker lookups that turn a start or stop rule into offsets. The enumerator implements it
 * over the client's admin calls; tests may use a table. Implementations may block (network).
 */
public interface OffsetsLookup {

    /** The queue's first readable offset. */
    long minOffset(MessageQueue queue);

    /** The queue's next offset to be written. */
    long maxOffset(MessageQueue queue);

    /** The first offset stored at or after {@code timestampMs} ({@link #maxOffset} if none yet). */
    long offsetForTimestamp(MessageQueue queue, long timestampMs);

    /** The source's consumer group's committed offset of {@code queue}, if any. */
    OptionalLong committedOffset(MessageQueue queue);
}
