package io.sluice.mq.store;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four threads of a running store, each a thin loop around one step of {@link
 * FileMessageStore}:
 *
 * <pre>
 *  callers ──append──▶ [bounded queue] ──▶ writer ──▶ commit log ◀── flusher (fsync, acks SYNC_FLUSH)
 *                                                        │
 *                                 dispatcher ◀───────────┘ (consume queues, key index, checkpoints)
 *                                 cleaner (retention, disk gate)
 * </pre>
 *
 * <p>Each loop waits with a bound and checks {@code running} on every turn. An unexpected exception
 * on a thread fail-stops the store rather than letting the thread die silently.
 */
final class StoreThreads {

    private static final Logger LOG = LoggerFactory.getLogger(StoreThreads.class);
    private static final long WRITER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long SYNC_FLUSH_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long DISPATCH_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long JOIN_TIMEOUT_MS = 10_000;

    private final FileMessageStore store;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    StoreThreads(FileMessageStore store, ThreadFactory factory) {
        this.store = store;
        threads.add(named(factory, "mq-store-writer", this::writerLoop));
        threads.add(named(factory, "mq-store-flusher", this::flusherLoop));
        threads.add(named(factory, "mq-store-dispatcher", this::dispatcherLoop));
        threads.add(named(factory, "mq-store-cleaner", this::cleanerLoop));
    }

    private Thread named(ThreadFactory factory, String name, Runnable loop) {
        Thread thread = factory.newThread(() -> guarded(name, loop));
        thread.setName(name);
        return thread;
    }

    private void guarded(String name, Runnable loop) {
        try {
            loop.run();
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - thread top level
            store.health().fail("running thread " + name, e);
        }
    }

    void start() {
        for (Thread thread : threads) {
            thread.start();
        }
    }

    /** Signals every loop to end and waits (bounded) for the threads to finish. */
    void stop() {
        running = false;
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            try {
                thread.join(JOIN_TIMEOUT_MS);
                if (thread.isAlive()) {
                    LOG.warn("Store thread {} did not stop within {} ms", thread.getName(), JOIN_TIMEOUT_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writerLoop() {
        while (running) {
            try {
                if (store.stepWriterBlocking(WRITER_POLL_NANOS) > 0) {
                    LockSupport.unpark(threads.get(2));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void flusherLoop() {
        long waitNanos = store.config().flushMode() == FlushMode.SYNC_FLUSH
                ? SYNC_FLUSH_WAIT_NANOS
                : store.config().flushInterval().toNanos();
        while (running) {
            try {
                store.flusher().awaitWork(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long before = store.flushedPosition();
            if (store.stepFlusher() > before) {
                LockSupport.unpark(threads.get(2));
            }
        }
    }

    private void dispatcherLoop() {
        Duration interval = store.config().dispatchCheckpointInterval();
        long lastCheckpoint = store.clock().nanoTime();
        while (running) {
            if (store.stepDispatcher() == 0) {
                LockSupport.parkNanos(DISPATCH_IDLE_NANOS);
            }
            long now = store.clock().nanoTime();
            if (now - lastCheckpoint >= interval.toNanos() && store.failure() == null) {
                lastCheckpoint = now;
                try {
                    store.checkpoint();
                } catch (IOException e) {
                    store.health().fail("writing the dispatch checkpoint", e);
                }
            }
        }
    }

    private void cleanerLoop() {
        long pauseNanos = Math.max(
                TimeUnit.MILLISECONDS.toNanos(10),
                store.config().deleteInterval().toNanos());
        while (running) {
            try {
                store.stepCleaner();
            } catch (IOException e) {
                LOG.warn("Retention pass failed; will retry in {} ms", TimeUnit.NANOSECONDS.toMillis(pauseNanos), e);
            }
            LockSupport.parkNanos(pauseNanos);
        }
    }
}
