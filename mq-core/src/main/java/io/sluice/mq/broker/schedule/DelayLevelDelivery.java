package io.sluice.mq.broker.schedule;

import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.GetResult;
import io.sluice.mq.store.GetStatus;
import io.sluice.mq.store.MessageDraft;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases delay-level messages: queue {@code k - 1} of {@value ScheduleTopics#SCHEDULE_TOPIC}
 * holds the messages of level k in store order, and since every message of a level waits equally
 * long, due times rise along the queue. So each level needs only a cursor (the next queue offset to
 * release) and the due time of the message under it; a turn releases the due prefix of every level
 * as one append and moves the cursor past it. The cursors are the whole state ({@link
 * ScheduleProgress} persists them).
 *
 * <p>Confined to the schedule thread.
 */
final class DelayLevelDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(DelayLevelDelivery.class);
    private static final int BATCH_MESSAGES = 64;
    private static final int BATCH_BYTES = 1 << 20;

    private final FileMessageStore store;
    private final DelayLevels levels;
    private final StoreAppends appends;
    private final LatenessHistogram lateness;
    private final long[] nextOffsets;
    private final long[] headDueMs;

    /** @param nextOffsets per level, the next schedule-queue offset to release (loaded progress) */
    DelayLevelDelivery(
            FileMessageStore store,
            DelayLevels levels,
            StoreAppends appends,
            LatenessHistogram lateness,
            long[] nextOffsets) {
        this.store = store;
        this.levels = levels;
        this.appends = appends;
        this.lateness = lateness;
        this.nextOffsets = Arrays.copyOf(nextOffsets, levels.count());
        this.headDueMs = new long[levels.count()];
    }

    /** The cursors, one per level. */
    long[] cursors() {
        return nextOffsets.clone();
    }

    /** One turn: releases every due message of every level; returns how many. */
    int step(long nowMs) throws IOException, StoreAppends.AppendFailedException, InterruptedException {
        int released = 0;
        for (int level = 1; level <= levels.count(); level++) {
            released += releaseDue(level, nowMs);
        }
        return released;
    }

    private int releaseDue(int level, long nowMs)
            throws IOException, StoreAppends.AppendFailedException, InterruptedException {
        int queueId = level - 1;
        if (headDueMs[queueId] > nowMs) {
            return 0;
        }
        GetResult result = store.getMessages(
                ScheduleTopics.SCHEDULE_TOPIC, queueId, nextOffsets[queueId], BATCH_MESSAGES, BATCH_BYTES, null);
        if (result.status() != GetStatus.FOUND) {
            skipLost(queueId, result);
            return 0;
        }
        long delayMs = levels.delayMs(level);
        List<MessageDraft> due = new ArrayList<>();
        List<Long> latenesses = new ArrayList<>();
        long next = nextOffsets[queueId];
        headDueMs[queueId] = 0;
        for (ByteBuffer record : result.messages()) {
            WireMessage parked = ParkedMessages.decode(record);
            long dueMs = parked.storeTimestamp() + delayMs;
            if (dueMs > nowMs) {
                headDueMs[queueId] = dueMs;
                break;
            }
            next = parked.queueOffset() + 1;
            try {
                due.add(ParkedMessages.release(parked));
                latenesses.add(nowMs - dueMs);
            } catch (IllegalStateException e) {
                LOG.error("dropping an undeliverable delay-level message: {}", e.getMessage());
            }
        }
        if (!due.isEmpty()) {
            appends.append(due);
            latenesses.forEach(lateness::record);
        }
        nextOffsets[queueId] = next;
        return due.size();
    }

    /** Moves a cursor that points at removed (retention) or vanished (recovery) entries. */
    private void skipLost(int queueId, GetResult result) {
        GetStatus status = result.status();
        if (status == GetStatus.OFFSET_TOO_SMALL
                || status == GetStatus.MESSAGE_WAS_REMOVING
                || status == GetStatus.OFFSET_OVERFLOW_BADLY) {
            LOG.warn(
                    "delay level {}: cursor {} is outside the schedule queue ({}); moving to {}",
                    queueId + 1,
                    nextOffsets[queueId],
                    status,
                    result.nextBeginOffset());
            nextOffsets[queueId] = result.nextBeginOffset();
        }
    }
}
