package io.sluice.mq.broker.schedule;

import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.GetResult;
import io.sluice.mq.store.GetStatus;
import io.sluice.mq.store.MessageDraft;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers timer messages (any due time up to {@code timerMaxDelaySec}) from {@value
 * ScheduleTopics#TIMER_TOPIC} queue 0 through a {@link TimerWheel}.
 *
 * <p>Each parked copy acts at its <em>fire time</em> {@code min(due, storeTime + rollWindow)}: at
 * its due time it is released to its real topic; if the roll window comes first it is re-appended
 * ("rolled") to the timer topic as a fresh copy, which starts a new window. So no copy that still
 * matters is older than the roll window, and retention (which deletes segments older than {@code
 * fileReservedTime}, more than twice the window) never removes a waiting message, however far away
 * its due time.
 *
 * <p>State = (R, W): R is the next timer-queue offset to read; W a fire-time watermark such that
 * every read entry whose fire time is before W is done, and every waiting entry fires at or after
 * W. The fire time is a pure function of the record, so a restart rebuilds the wheel by reading the
 * timer queue again from C = min(R, first offset stored at or after W - rollWindow) — entries before
 * C fire before W, so they are done — skipping read entries (offset &lt; R) that fire before W.
 * Progress is not saved during that replay. After a crash the last unsaved second of releases may
 * repeat (at-least-once, like RocketMQ); a clean stop repeats nothing.
 *
 * <p>Confined to the schedule thread.
 */
final class TimerDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(TimerDelivery.class);
    private static final int READ_BATCH = 256;
    private static final int READ_BYTES = 1 << 20;
    private static final int FIRE_BATCH = 256;
    private static final int FIRE_BYTES = 1 << 20;

    private final FileMessageStore store;
    private final StoreAppends appends;
    private final LatenessHistogram lateness;
    private final TimerWheel wheel;
    private final long rollWindowMs;
    private final long replayUntil;
    private final long replayWatermarkMs;
    private long cursor = -1;
    private boolean replaying = true;
    private long rolled;

    /**
     * @param readOffset R of the loaded state (0 at first start)
     * @param watermarkMs W of the loaded state (0 at first start)
     */
    TimerDelivery(
            FileMessageStore store,
            ScheduleConfig config,
            StoreAppends appends,
            LatenessHistogram lateness,
            long readOffset,
            long watermarkMs) {
        this.store = store;
        this.appends = appends;
        this.lateness = lateness;
        this.wheel = new TimerWheel(config.timerPrecision().toMillis(), config.maxPendingTimers());
        this.rollWindowMs = config.timerRollWindow().toMillis();
        this.replayUntil = readOffset;
        this.replayWatermarkMs = watermarkMs;
    }

    /** Whether the wheel is rebuilt; until then {@link #state} must not be saved. */
    boolean replaying() {
        return replaying;
    }

    /** {R, W} now, for {@link ScheduleProgress}. */
    long[] state(long nowMs) {
        return new long[] {cursor, Math.min(wheel.earliestSlotStartMs(), nowMs + 1)};
    }

    /** Entries waiting in the wheel. */
    int waiting() {
        return wheel.size();
    }

    /** Copies re-appended to stay ahead of retention, since start. */
    long rolled() {
        return rolled;
    }

    /** One turn: reads new timer messages into the wheel, then acts on the due ones; returns how many acted. */
    int step(long nowMs) throws IOException, StoreAppends.AppendFailedException, InterruptedException {
        if (cursor < 0) {
            long fromWatermark =
                    store.offsetForTimestamp(ScheduleTopics.TIMER_TOPIC, 0, replayWatermarkMs - rollWindowMs);
            cursor = Math.min(replayUntil, fromWatermark);
            LOG.info(
                    "timer wheel: reading {} from offset {} (saved R={}, W={})",
                    ScheduleTopics.TIMER_TOPIC,
                    cursor,
                    replayUntil,
                    replayWatermarkMs);
        }
        read();
        return fire(nowMs);
    }

    private void read() throws IOException {
        if (wheel.isFull()) {
            return;
        }
        GetResult result = store.getMessages(ScheduleTopics.TIMER_TOPIC, 0, cursor, READ_BATCH, READ_BYTES, null);
        if (result.status() != GetStatus.FOUND) {
            if (result.status() == GetStatus.OFFSET_TOO_SMALL || result.status() == GetStatus.OFFSET_OVERFLOW_BADLY) {
                LOG.warn(
                        "timer wheel: cursor {} is outside the timer queue ({}); moving to {}",
                        cursor,
                        result.status(),
                        result.nextBeginOffset());
                cursor = result.nextBeginOffset();
            }
            replaying &= cursor < replayUntil;
            return;
        }
        for (ByteBuffer record : result.messages()) {
            WireMessage parked = ParkedMessages.decode(record);
            long due = ParkedMessages.timerDueMs(parked);
            long fireAt = due < 0 ? parked.storeTimestamp() : Math.min(due, parked.storeTimestamp() + rollWindowMs);
            boolean doneBeforeRestart = replaying && parked.queueOffset() < replayUntil && fireAt < replayWatermarkMs;
            if (!doneBeforeRestart) {
                wheel.add(new TimerWheel.Entry(fireAt, parked.logPosition()));
            }
            cursor = parked.queueOffset() + 1;
        }
        replaying &= cursor < replayUntil;
    }

    private int fire(long nowMs) throws IOException, StoreAppends.AppendFailedException, InterruptedException {
        List<TimerWheel.Entry> due = wheel.takeDue(nowMs, FIRE_BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        List<MessageDraft> drafts = new ArrayList<>(due.size());
        List<Long> latenesses = new ArrayList<>(due.size());
        int rolls = 0;
        int bytes = 0;
        int taken = 0;
        try {
            for (TimerWheel.Entry entry : due) {
                if (bytes > FIRE_BYTES) {
                    break;
                }
                WireMessage parked = ParkedMessages.decode(store.readRecord(entry.logPosition()));
                taken++;
                bytes += parked.body().length;
                long dueMs = ParkedMessages.timerDueMs(parked);
                if (dueMs > nowMs) {
                    drafts.add(ParkedMessages.roll(parked));
                    rolls++;
                    continue;
                }
                try {
                    drafts.add(ParkedMessages.release(parked));
                    if (dueMs >= 0) {
                        latenesses.add(nowMs - dueMs);
                    }
                } catch (IllegalStateException e) {
                    LOG.error("dropping an undeliverable timer message: {}", e.getMessage());
                }
            }
            if (!drafts.isEmpty()) {
                appends.append(drafts);
            }
        } catch (IOException | StoreAppends.AppendFailedException | InterruptedException | RuntimeException e) {
            due.forEach(wheel::add); // nothing was appended: every taken entry waits again
            throw e;
        }
        for (int i = taken; i < due.size(); i++) {
            wheel.add(due.get(i));
        }
        latenesses.forEach(lateness::record);
        rolled += rolls;
        return taken;
    }
}
