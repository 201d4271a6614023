package io.sluice.connector.flink.source.enumerator.initializer;

import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.mq.common.MessageQueue;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a queue without checkpointed state starts: earliest, latest, the first message at a time,
 * the group's committed offset (else another rule), or offsets given per queue (else another
 * rule). Resolved by the enumerator when it first sees a queue; a restored split always resumes
 * from its checkpointed offset instead.
 *
 * <p>Implementations are immutable and serializable (they travel with the job graph).
 */
@PublicEvolving
@FunctionalInterface
public interface StartingOffsets extends Serializable {

    /** The next offset to read of {@code queue}. */
    long resolve(MessageQueue queue, OffsetsLookup lookup);

    /** The queue's first readable message. */
    static StartingOffsets earliest() {
        return new Named("earliest", (queue, lookup) -> lookup.minOffset(queue));
    }

    /** Only messages written after the queue was discovered. */
    static StartingOffsets latest() {
        return new Named("latest", (queue, lookup) -> lookup.maxOffset(queue));
    }

    /** The first message stored at or after {@code timestampMs}. */
    static StartingOffsets timestamp(long timestampMs) {
        return new Named(
                "timestamp(" + timestampMs + ")", (queue, lookup) -> lookup.offsetForTimestamp(queue, timestampMs));
    }

    /** The consumer group's committed offset; queues without one start per {@code otherwise}. */
    static StartingOffsets committedOrElse(StartingOffsets otherwise) {
        Objects.requireNonNull(otherwise, "otherwise");
        return new Named("committed-else-" + otherwise, (queue, lookup) -> {
            OptionalLong committed = lookup.committedOffset(queue);
            return committed.isPresent() ? committed.getAsLong() : otherwise.resolve(queue, lookup);
        });
    }

    /** {@code offsets} for the queues it names; other queues start per {@code otherwise}. */
    static StartingOffsets specific(Map<MessageQueue, Long> offsets, StartingOffsets otherwise) {
        // Keyed by split id: MessageQueue is not serializable, and this rule travels with the job.
        Map<String, Long> copy = new java.util.TreeMap<>();
        offsets.forEach((queue, offset) -> {
            if (offset < 0) {
                throw new IllegalArgumentException("starting offset of " + queue + " must be >= 0, was " + offset);
            }
            copy.put(QueueSplit.splitId(queue), offset);
        });
        Objects.requireNonNull(otherwise, "otherwise");
        return new Named("specific" + copy + "-else-" + otherwise, (queue, lookup) -> {
            Long offset = copy.get(QueueSplit.splitId(queue));
            return offset != null ? offset : otherwise.resolve(queue, lookup);
        });
    }

    /** A rule with a readable name, for logs and error messages. */
    final class Named implements StartingOffsets {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final StartingOffsets rule;

        Named(String name, StartingOffsets rule) {
            this.name = name;
            this.rule = rule;
        }

        @Override
        public long resolve(MessageQueue queue, OffsetsLookup lookup) {
            return rule.resolve(queue, lookup);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
