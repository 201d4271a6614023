package io.sluice.mq.client.consumer;

import io.sluice.mq.common.MessageQueue;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One queue's messages run one at a time, in queue order, on a shared pool: a lane is scheduled on
 * the pool at most once at a time, and its task takes the next message only after the previous
 * one finished. Cancelling (queue revoked, consumer closing) drops what has not started and lets
 * the running message finish; {@link #awaitIdle} waits for it.
 *
 * <p>Thread-safe: the deque and flags are guarded by this lane's monitor.
 */
final class OrderedLane implements Runnable {

    private final MessageQueue queue;
    private final Executor pool;
    private final Predicate<ReceivedMessage> handler;
    private final Consumer<ReceivedMessage> dropped;
    private final ArrayDeque<ReceivedMessage> pending = new ArrayDeque<>();
    private boolean scheduled;
    private boolean running;
    private boolean cancelled;

    /**
     * @param handler consumes one message; returns false if it gave up (closing), which stops the
     *     lane
     * @param dropped told of each message that will not run (cancelled lane), to release its permit
     */
    OrderedLane(
            MessageQueue queue, Executor pool, Predicate<ReceivedMessage> handler, Consumer<ReceivedMessage> dropped) {
        this.queue = queue;
        this.pool = pool;
        this.handler = handler;
        this.dropped = dropped;
    }

    MessageQueue queue() {
        return queue;
    }

    /** Queues {@code message} behind the lane's earlier ones; false if the lane is cancelled. */
    boolean submit(ReceivedMessage message) {
        synchronized (this) {
            if (cancelled) {
                return false;
            }
            pending.addLast(message);
            if (scheduled) {
                return true;
            }
            scheduled = true;
        }
        pool.execute(this);
        return true;
    }

    @Override
    public void run() {
        while (true) {
            ReceivedMessage next;
            synchronized (this) {
                next = cancelled ? null : pending.pollFirst();
                if (next == null) {
                    scheduled = false;
                    notifyAll();
                    return;
                }
                running = true;
            }
            boolean goOn;
            try {
                goOn = handler.test(next);
            } finally {
                synchronized (this) {
                    running = false;
                    notifyAll();
                }
            }
            if (!goOn) {
                cancel();
            }
        }
    }

    /** Drops messages not started; the running one (if any) finishes. */
    void cancel() {
        synchronized (this) {
            cancelled = true;
            for (ReceivedMessage message : pending) {
                dropped.accept(message);
            }
            pending.clear();
            notifyAll();
        }
    }

    /** Waits up to {@code timeoutMs} until no message of this lane is running; returns whether idle. */
    boolean awaitIdle(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (this) {
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }
}
