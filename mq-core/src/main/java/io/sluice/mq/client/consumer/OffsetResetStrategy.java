package io.sluice.mq.client.consumer;

/**
 * What a consumer does when a queue has no position (assigned without a seek and without a
 * committed offset) or its position left the queue (PULL_OFFSET_MOVED).
 */
public enum OffsetResetStrategy {
    /**
     * No position: start at the queue's min offset. Out of range: continue at the broker's
     * corrected offset (its min offset when behind, its max offset when ahead).
     */
    EARLIEST,
    /** No position: start at the queue's max offset. Out of range: as {@link #EARLIEST}. */
    LATEST,
    /** Fail: {@link io.sluice.mq.client.OffsetOutOfRangeException} from poll until a seek. */
    NONE
}
