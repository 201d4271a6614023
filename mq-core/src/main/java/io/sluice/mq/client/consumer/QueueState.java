package io.sluice.mq.client.consumer;

import io.sluice.mq.client.internal.ClientFilter;
import io.sluice.mq.common.MessageQueue;
import java.util.ArrayDeque;

/**
 * One assigned queue of a {@link Consumer}: where fetching continues, what is buffered, whether a
 * pull is in flight, and whether the queue is paused or failed. The position (next offset poll
 * returns) is derived: the first buffered message, else the fetch offset.
 *
 * <p>Not thread-safe: every field is guarded by the owning consumer's lock. A {@code generation}
 * bump (seek, revoke) makes responses of older pulls be dropped.
 */
final class QueueState {

    static final long UNRESOLVED = -1;

    final MessageQueue queue;
    final ClientFilter filter;
    final ArrayDeque<ReceivedMessage> buffer = new ArrayDeque<>();
    long fetchOffset = UNRESOLVED;
    int generation;
    boolean inFlight;
    boolean resolving;
    boolean paused;
    boolean removed;
    long retryAtNanos;
    RuntimeException error;
    /** The current run of failed pulls or start lookups; null after a pull succeeds. */
    FetchFailure failure;

    QueueState(MessageQueue queue, ClientFilter filter) {
        this.queue = queue;
        this.filter = filter;
    }

    boolean resolved() {
        return fetchOffset != UNRESOLVED;
    }

    /** The next offset poll returns; {@link #UNRESOLVED} before the start is known. */
    long position() {
        ReceivedMessage first = buffer.peekFirst();
        return first != null ? first.queueOffset() : fetchOffset;
    }

    /** Moves to {@code offset}: drops the buffer and any in-flight pull's result. */
    void seek(long offset) {
        buffer.clear();
        fetchOffset = offset;
        generation++;
        inFlight = false;
        resolving = false;
        error = null;
        retryAtNanos = 0;
    }
}
