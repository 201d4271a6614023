package io.sluice.mq.remoting;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed pool of threads with a bounded queue for the requests of some codes. A request that finds
 * the queue full, or waited longer than {@code maxQueueWait} before a thread took it, is answered
 * at once with SYSTEM_BUSY (remarks {@code [OVERLOAD]} / {@code [REJECTREQUEST]}, which the official
 * clients treat as retryable) instead of timing out on the client. Once closed, requests are
 * answered SERVICE_NOT_AVAILABLE (also retried elsewhere): the server is stopping. Thread-safe.
 */
public final class RequestExecutor implements AutoCloseable {

    private final String name;
    private final ThreadPoolExecutor pool;
    private final Clock clock;
    private final long maxQueueWaitNanos;
    private final AtomicLong rejected = new AtomicLong();

    /**
     * @param name thread-name prefix and name in busy remarks
     * @param threads pool size
     * @param queueCapacity requests that may wait
     * @param maxQueueWaitMs longest wait before a request is answered busy
     * @param clock time source for the wait
     * @param threadFactory creates the pool's threads (named here)
     */
    public RequestExecutor(
            String name,
            int threads,
            int queueCapacity,
            long maxQueueWaitMs,
            Clock clock,
            ThreadFactory threadFactory) {
        Checks.argument(threads > 0, "threads must be > 0, was %s", threads);
        Checks.argument(queueCapacity > 0, "queueCapacity must be > 0, was %s", queueCapacity);
        this.name = name;
        this.clock = clock;
        this.maxQueueWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxQueueWaitMs);
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity), runnable -> {
                    Thread thread = threadFactory.newThread(runnable);
                    thread.setName(name + "-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs {@code work} for {@code context} on the pool, or answers busy. */
    void execute(RequestContext context, Runnable work) {
        try {
            pool.execute(() -> {
                long waited = clock.nanoTime() - context.receivedNanos();
                if (waited > maxQueueWaitNanos) {
                    rejected.incrementAndGet();
                    context.respond(RemotingCommand.response(
                            ResponseCode.SYSTEM_BUSY,
                            "[REJECTREQUEST]system busy, " + name + " queue wait "
                                    + TimeUnit.NANOSECONDS.toMillis(waited) + " ms, try another broker"));
                    return;
                }
                work.run();
            });
        } catch (RejectedExecutionException e) {
            if (pool.isShutdown()) {
                context.respond(RemotingCommand.response(
                        ResponseCode.SERVICE_NOT_AVAILABLE, name + " is shut down: the server is stopping"));
                return;
            }
            rejected.incrementAndGet();
            context.respond(RemotingCommand.response(
                    ResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD]system busy, " + name + " queue full, start flow control for a while"));
        }
    }

    /** Requests answered busy so far. */
    public long rejectedCount() {
        return rejected.get();
    }

    /** Requests waiting now. */
    public int queued() {
        return pool.getQueue().size();
    }

    /** Stops taking work and waits up to 5 s for running requests. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
