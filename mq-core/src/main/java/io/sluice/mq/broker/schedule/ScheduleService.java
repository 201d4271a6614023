package io.sluice.mq.broker.schedule;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.Clock;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs delayed delivery: one thread ({@code mq-schedule}) that turns the {@link DelayLevelDelivery}
 * and the {@link TimerDelivery} about every 10 ms when idle (at once while there is work), and
 * saves their progress ({@link ScheduleProgress}) about every second, but only the newest progress
 * whose re-appended copies the store has flushed ({@link DurableProgress}). Close saves the final
 * progress after waiting (bounded) for the flush.
 *
 * <p>Life cycle: {@link #open} loads progress (no thread), {@link #start} starts the thread, {@link
 * #close} stops it; close before the store closes. Thread-safe: {@link #router} and {@link
 * #lateness} may be used from any thread.
 */
public final class ScheduleService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long ERROR_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SAVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Turns of 10 ms that close waits for the flusher to cover the last re-appended copies. */
    private static final int CLOSE_FLUSH_WAITS = 300;

    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(10);

    private final FileMessageStore store;
    private final Clock clock;
    private final DelayRouter router;
    private final LatenessHistogram lateness = new LatenessHistogram();
    private final ScheduleProgress progressFile;
    private final ScheduleProgress.State loaded;
    private final StoreAppends appends;
    private final DelayLevelDelivery levels;
    private final TimerDelivery timers;
    private final DurableProgress progress;
    private volatile boolean running;
    private volatile Thread thread;
    private long lastSaveNanos;

    private ScheduleService(FileMessageStore store, ScheduleConfig config, Clock clock, ScheduleProgress file)
            throws IOException {
        this.store = store;
        this.clock = clock;
        this.router = new DelayRouter(config, clock);
        this.progressFile = file;
        this.loaded = file.load(config.delayLevels().count());
        this.appends = new StoreAppends(store, APPEND_TIMEOUT);
        this.levels = new DelayLevelDelivery(store, config.delayLevels(), appends, lateness, loaded.levelCursors());
        this.timers = new TimerDelivery(
                store, config, appends, lateness, loaded.timerReadOffset(), loaded.timerWatermarkMs());
        this.progress = new DurableProgress(loaded.toArray());
    }

    /** Loads the saved progress from the store's {@code schedule-progress} file. */
    public static ScheduleService open(FileMessageStore store, ScheduleConfig config, Clock clock) throws IOException {
        return new ScheduleService(store, config, clock, new ScheduleProgress(store.metadataFile("schedule-progress")));
    }

    /** Parks delayed sends; the send path and CONSUMER_SEND_MSG_BACK use it. */
    public DelayRouter router() {
        return router;
    }

    /** How late released messages were (delay levels and timers together). */
    public LatenessHistogram lateness() {
        return lateness;
    }

    /** Starts the schedule thread. */
    public void start(ThreadFactory threadFactory) {
        Checks.state(thread == null, "schedule service already started");
        running = true;
        lastSaveNanos = clock.nanoTime();
        Thread started = threadFactory.newThread(this::loop);
        started.setName("mq-schedule");
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    private void loop() {
        while (running) {
            int acted;
            try {
                acted = stepOnce();
            } catch (IOException | StoreAppends.AppendFailedException e) {
                LOG.warn("delayed delivery failed a turn; retrying in 1 s: {}", e.toString());
                LockSupport.parkNanos(ERROR_PARK_NANOS);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - thread top level
                LOG.error("delayed delivery failed a turn; retrying in 1 s", e);
                LockSupport.parkNanos(ERROR_PARK_NANOS);
                continue;
            }
            saveIfDue();
            if (acted == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    /** One turn of both deliveries; returns how many messages were released or rolled. */
    int stepOnce() throws IOException, StoreAppends.AppendFailedException, InterruptedException {
        long nowMs = clock.nowMs();
        int acted = levels.step(nowMs) + timers.step(nowMs);
        long[] timerState = timers.replaying()
                ? new long[] {loaded.timerReadOffset(), loaded.timerWatermarkMs()}
                : timers.state(nowMs);
        progress.advanced(
                new ScheduleProgress.State(levels.cursors(), timerState[0], timerState[1]).toArray(),
                appends.lastEnd());
        return acted;
    }

    private void saveIfDue() {
        long now = clock.nanoTime();
        if (now - lastSaveNanos < SAVE_INTERVAL_NANOS) {
            return;
        }
        lastSaveNanos = now;
        try {
            save();
        } catch (IOException e) {
            LOG.warn("saving delayed-delivery progress failed; will retry: {}", e.toString());
        }
    }

    private void save() throws IOException {
        progressFile.save(ScheduleProgress.State.fromArray(progress.durable(store.flushedPosition())));
    }

    /** Timer messages waiting in the wheel (for tests and diagnostics). */
    public int waitingTimers() {
        return timers.waiting();
    }

    /** Timer copies re-appended ahead of retention since start. */
    public long rolledTimers() {
        return timers.rolled();
    }

    /** Stops the thread and saves the final progress. Idempotent. */
    @Override
    public void close() {
        Thread running = thread;
        if (running == null || !this.running) {
            return;
        }
        this.running = false;
        LockSupport.unpark(running);
        try {
            running.join(TimeUnit.SECONDS.toMillis(15));
            for (int i = 0; i < CLOSE_FLUSH_WAITS && store.flushedPosition() < appends.lastEnd(); i++) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
            save();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while stopping delayed delivery; progress not saved");
        } catch (IOException e) {
            LOG.error("saving delayed-delivery progress at close failed; recent releases may repeat", e);
        }
    }
}
