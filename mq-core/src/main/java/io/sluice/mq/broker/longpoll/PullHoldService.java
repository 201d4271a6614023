package io.sluice.mq.broker.longpoll;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.TopicQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polling (REMOTING.md 2.4): pulls that found nothing are parked here instead of being
 * answered, and resumed when the store's dispatcher publishes entries for their queue or when their
 * hold time runs out, whichever comes first. Nothing polls: wake-ups come from the dispatcher's
 * callback and from one timer task per held request.
 *
 * <pre>
 *  pull thread ──hold()──▶ [held, by queue] ◀──onDispatched(queues)── store dispatcher thread
 *                               │    ▲
 *                     timeout ──┘    │ (scheduler thread)
 *                               ▼
 *                       wake-up pool ──resume()──▶ re-read and answer
 * </pre>
 *
 * <p>At most {@code maxHeld} requests are held; {@link #hold} refuses more so the caller can answer
 * busy. A held request costs no thread. The dispatcher's callback only moves requests to the
 * wake-up pool, whose queue can take every held request, so it never blocks or reads the store.
 * Each request is resumed exactly once (a claim flag decides between wake-up and timeout).
 *
 * <p>Thread-safe: the table of held requests is guarded by a private lock.
 */
public final class PullHoldService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PullHoldService.class);

    private final int maxHeld;
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor wakePool;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<TopicQueue, List<Held>> held = new HashMap<>();
    private int heldCount;
    private volatile boolean closed;

    /**
     * @param maxHeld most requests held at once
     * @param wakeThreads threads that resume woken requests
     * @param timer runs the hold timeouts
     * @param threadFactory creates the wake-up threads
     */
    public PullHoldService(int maxHeld, int wakeThreads, ScheduledExecutorService timer, ThreadFactory threadFactory) {
        Checks.argument(maxHeld > 0, "maxHeld must be > 0, was %s", maxHeld);
        this.maxHeld = maxHeld;
        this.timer = timer;
        AtomicInteger counter = new AtomicInteger();
        // The queue holds every request that can be held, so handing one over never fails while open.
        this.wakePool = new ThreadPoolExecutor(
                wakeThreads, wakeThreads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxHeld), runnable -> {
                    Thread thread = threadFactory.newThread(runnable);
                    thread.setName("mq-broker-pullwake-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Parks {@code request} for up to {@code holdMillis}.
     *
     * @param wakeable whether new entries in its queue resume it early (long polling); otherwise
     *     only the timeout does (short polling)
     * @return false if the service is full or closed; the caller answers the request itself
     */
    public boolean hold(HeldRequest request, long holdMillis, boolean wakeable) {
        Held entry = new Held(request, wakeable);
        lock.lock();
        try {
            if (closed || heldCount >= maxHeld) {
                return false;
            }
            held.computeIfAbsent(request.queue(), queue -> new ArrayList<>()).add(entry);
            heldCount++;
        } finally {
            lock.unlock();
        }
        try {
            entry.timeout = timer.schedule(() -> timedOut(entry), holdMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The timer is shutting down with the broker: answer now rather than never.
            if (remove(entry)) {
                resume(entry);
            }
        }
        return true;
    }

    /**
     * Wakes the requests held for {@code queues}, which just got new entries. Runs on the store's
     * dispatcher thread: it only hands requests over to the wake-up pool.
     */
    public void onDispatched(Set<TopicQueue> queues) {
        List<Held> woken = new ArrayList<>();
        lock.lock();
        try {
            if (heldCount == 0) {
                return;
            }
            for (TopicQueue queue : queues) {
                List<Held> waiting = held.get(queue);
                if (waiting == null) {
                    continue;
                }
                Iterator<Held> iterator = waiting.iterator();
                while (iterator.hasNext()) {
                    Held entry = iterator.next();
                    if (entry.wakeable) {
                        iterator.remove();
                        heldCount--;
                        woken.add(entry);
                    }
                }
                if (waiting.isEmpty()) {
                    held.remove(queue);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Held entry : woken) {
            resume(entry);
        }
    }

    /** Requests held now. */
    public int heldCount() {
        lock.lock();
        try {
            return heldCount;
        } finally {
            lock.unlock();
        }
    }

    private void timedOut(Held entry) {
        if (remove(entry)) {
            resume(entry);
        }
    }

    private boolean remove(Held entry) {
        lock.lock();
        try {
            List<Held> waiting = held.get(entry.request.queue());
            if (waiting == null || !waiting.remove(entry)) {
                return false;
            }
            heldCount--;
            if (waiting.isEmpty()) {
                held.remove(entry.request.queue());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void resume(Held entry) {
        if (!entry.claimed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timeout = entry.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        try {
            wakePool.execute(entry.request::resume);
        } catch (RejectedExecutionException e) {
            // Only after close(): answer on this thread rather than leave the client waiting.
            entry.request.resume();
        }
    }

    /**
     * Answers every held request (each re-reads its queue once, so it gets what arrived or an
     * empty answer), then stops the wake-up threads, waiting up to 5 s for them. Idempotent.
     */
    @Override
    public void close() {
        List<Held> all = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            held.values().forEach(all::addAll);
            held.clear();
            heldCount = 0;
        } finally {
            lock.unlock();
        }
        for (Held entry : all) {
            resume(entry);
        }
        wakePool.shutdown();
        try {
            if (!wakePool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("held pulls still being answered after 5 s; stopping anyway");
                wakePool.shutdownNow();
            }
        } catch (InterruptedException e) {
            wakePool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One held request and its bookkeeping. */
    private static final class Held {
        final HeldRequest request;
        final boolean wakeable;
        final AtomicBoolean claimed = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        Held(HeldRequest request, boolean wakeable) {
            this.request = request;
            this.wakeable = wakeable;
        }
    }
}
