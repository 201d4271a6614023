package io.sluice.mq.client.consumer;

import io.sluice.mq.client.UndecodableMessageException;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.common.MqException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both push consumers share: one poll thread over a subscribe-mode {@link
 * Consumer} that takes one permit per message (at most {@code
 * maxInFlight} outstanding) and hands the message to a dispatch function; a bounded listener pool;
 * a close signal that every wait observes; and the close sequence (stop polling, let listener calls
 * finish up to {@code shutdownTimeout}).
 *
 * <p>The dispatch function runs on the poll thread with the permit held and owns it from then on:
 * it must call {@link #release()} exactly once when the message is finished or dropped. How a
 * message is run (concurrently, or in queue order through lanes) is the caller's business.
 *
 * <p>A poll that fails is logged and retried after {@code retryBackoffMax}; a stored message the
 * client cannot decode is logged and skipped so it does not stall its queue.
 *
 * <p>Thread-safe.
 */
final class PushLoop {

    private static final Logger LOG = LoggerFactory.getLogger(PushLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final long PERMIT_WAIT_MS = 100;
    private static final long POLLER_JOIN_MS = TimeUnit.SECONDS.toMillis(5);

    private final Consumer consumer;
    private final PushConsumerConfig config;
    private final String description;
    private final Semaphore permits;
    private final ThreadPoolExecutor pool;
    private final Thread poller;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Dispatch dispatch;

    /** Takes one polled message whose permit it now owns (see the class comment). */
    @FunctionalInterface
    interface Dispatch {
        void dispatch(ReceivedMessage message);
    }

    /**
     * @param description what the log lines call this consumer, e.g. {@code "orderly consumer G"}
     * @param threadPrefix names the pool's and the poller's threads
     */
    PushLoop(
            ClientContext context,
            Consumer consumer,
            PushConsumerConfig config,
            String description,
            String threadPrefix) {
        this.consumer = consumer;
        this.config = config;
        this.description = description;
        this.permits = new Semaphore(config.maxInFlight());
        this.pool = new ThreadPoolExecutor(
                config.threads(),
                config.threads(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(config.maxInFlight()),
                context.threadFactory(threadPrefix));
        this.poller = context.threadFactory(threadPrefix + "-poller").newThread(this::pollLoop);
    }

    /** Starts the poll thread handing messages to {@code dispatch}; returns false if already started. */
    boolean start(Dispatch dispatchFunction) {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        this.dispatch = dispatchFunction;
        poller.start();
        return true;
    }

    /** The listener pool; its queue holds at most {@code maxInFlight} tasks, as many as permits. */
    ThreadPoolExecutor pool() {
        return pool;
    }

    /** Gives back the permit of one dispatched message. */
    void release() {
        permits.release();
    }

    boolean closed() {
        return closed.get();
    }

    /** Waits {@code millis} or until close; returns whether closing. */
    boolean await(long millis) {
        try {
            return stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Signals close and waits for the poll thread; returns false if close had already begun. Call
     * {@link #drainPool()} after whatever must happen between the two (e.g. cancelling lanes).
     */
    boolean stopPolling() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        stopping.countDown();
        if (started.get()) {
            try {
                poller.join(POLLER_JOIN_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    /** Lets running listener calls finish for up to {@code shutdownTimeout}, then interrupts them. */
    void drainPool() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("listener calls of {} still running after {}", description, config.shutdownTimeout());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    private void pollLoop() {
        while (!closed.get()) {
            try {
                for (ReceivedMessage message : consumer.poll(POLL_TIMEOUT)) {
                    if (!acquirePermit()) {
                        return;
                    }
                    dispatch.dispatch(message);
                }
            } catch (UndecodableMessageException e) {
                LOG.error("{} skips a message: {}", description, e.getMessage());
                consumer.seek(e.queue(), e.offset() + 1);
            } catch (MqException e) {
                if (!closed.get()) {
                    LOG.warn("poll of {} failed: {}", description, e.toString());
                    await(config.retryBackoffMax().toMillis());
                }
            }
        }
    }

    /** Blocks until a permit is free; false if closing meanwhile. */
    private boolean acquirePermit() {
        try {
            while (!permits.tryAcquire(PERMIT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                if (closed.get()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
