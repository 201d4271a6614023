package io.sluice.mq.client.consumer;

import io.sluice.mq.common.Checks;

/**
 * Where a subscribing consumer starts a newly assigned queue that has no committed offset, like
 * RocketMQ's {@code ConsumeFromWhere}. Immutable.
 *
 * @param kind first offset, last offset, or the first message stored at or after a time
 * @param timestampMs the time for {@link Kind#TIMESTAMP}, else 0
 */
public record StartPosition(Kind kind, long timestampMs) {

    /** The three starting points. */
    public enum Kind {
        FIRST,
        LAST,
        TIMESTAMP
    }

    public StartPosition {
        Checks.notNull(kind, "kind");
    }

    public static StartPosition first() {
        return new StartPosition(Kind.FIRST, 0);
    }

    public static StartPosition last() {
        return new StartPosition(Kind.LAST, 0);
    }

    public static StartPosition timestamp(long timestampMs) {
        return new StartPosition(Kind.TIMESTAMP, timestampMs);
    }

    /** The heartbeat's {@code consumeFromWhere} name. */
    public String wireName() {
        return switch (kind) {
            case FIRST -> "CONSUME_FROM_FIRST_OFFSET";
            case LAST -> "CONSUME_FROM_LAST_OFFSET";
            case TIMESTAMP -> "CONSUME_FROM_TIMESTAMP";
        };
    }
}
