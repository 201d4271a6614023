package io.sluice.mq.store.log;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Makes written bytes durable and acknowledges the appends that waited for it (group commit): one
 * {@code force()} covers everything the writer had written when it started, however many producers
 * that was.
 *
 * <p>Thread-safe. {@link #flushOnce} runs on the flusher thread and, for checkpoints, on the
 * dispatcher thread; a private lock serializes the forces. The writer registers waiters and
 * signals under a second, short lock so it never waits for an fsync.
 *
 * <p>Segments other than the active one need no force here: the writer forces a segment when it
 * seals it, before the next segment exists.
 */
public final class Flusher {

    private final SegmentSet segments;
    private final LongSupplier writtenPosition;
    private final ReentrantLock forceLock = new ReentrantLock();
    private final ReentrantLock waitersLock = new ReentrantLock();
    private final Condition workArrived = waitersLock.newCondition();
    private final ArrayDeque<AppendRequest> waiting = new ArrayDeque<>();
    private volatile long flushedPosition;

    /**
     * @param segments the log's segments
     * @param writtenPosition the writer's published end of written bytes
     * @param startPosition the durable end of the log at start (after recovery)
     */
    public Flusher(SegmentSet segments, LongSupplier writtenPosition, long startPosition) {
        this.segments = segments;
        this.writtenPosition = writtenPosition;
        this.flushedPosition = startPosition;
    }

    /** The log position up to which every byte is durable. */
    public long flushedPosition() {
        return flushedPosition;
    }

    /** Registers a written request to be completed once its bytes are durable. Writer thread. */
    void awaitDurable(AppendRequest request) {
        waitersLock.lock();
        try {
            waiting.addLast(request);
            workArrived.signal();
        } finally {
            waitersLock.unlock();
        }
    }

    /** Whether appends are waiting for an fsync. */
    public boolean hasWaiters() {
        waitersLock.lock();
        try {
            return !waiting.isEmpty();
        } finally {
            waitersLock.unlock();
        }
    }

    /** Blocks up to {@code timeoutNanos} until an append waits for durability. Flusher thread. */
    public void awaitWork(long timeoutNanos) throws InterruptedException {
        waitersLock.lock();
        try {
            if (waiting.isEmpty()) {
                workArrived.await(timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } finally {
            waitersLock.unlock();
        }
    }

    /**
     * Forces the active segment if bytes were written since the last force, then completes the
     * waiters it covered.
     *
     * @return the durable position afterwards
     * @throws IOException if the fsync failed; the caller must fail-stop the store
     */
    public long flushOnce() throws IOException {
        long target;
        forceLock.lock();
        try {
            // Read the target before the active segment: a roll in between forces the old segment
            // itself, so forcing the newer segment still covers everything up to the target.
            target = writtenPosition.getAsLong();
            if (target > flushedPosition) {
                Segment active = segments.active();
                if (active != null) {
                    active.force();
                }
                flushedPosition = target;
            }
        } finally {
            forceLock.unlock();
        }
        completeUpTo(flushedPosition);
        return flushedPosition;
    }

    private void completeUpTo(long durable) {
        List<AppendRequest> done = new ArrayList<>();
        waitersLock.lock();
        try {
            while (!waiting.isEmpty() && waiting.peekFirst().endPosition() <= durable) {
                done.add(waiting.pollFirst());
            }
        } finally {
            waitersLock.unlock();
        }
        for (AppendRequest request : done) {
            request.complete();
        }
    }

    /** Fails every waiting append with {@code cause}; used on fail-stop and close. */
    public void failAll(Throwable cause) {
        List<AppendRequest> failed;
        waitersLock.lock();
        try {
            failed = new ArrayList<>(waiting);
            waiting.clear();
        } finally {
            waitersLock.unlock();
        }
        for (AppendRequest request : failed) {
            request.fail(cause);
        }
    }
}
