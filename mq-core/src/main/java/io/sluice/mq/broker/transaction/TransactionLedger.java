package io.sluice.mq.broker.transaction;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the broker knows about the transactions in the half queue's <em>window</em>: the copies from
 * the check scan's position {@code H} to the end. Transactions are identified by their origin (the
 * queue offset of their first half copy, see {@link HalfMessages}).
 *
 * <p>The invariant that makes resolutions idempotent with bounded memory: every unresolved
 * transaction has its newest copy at or after {@code H} (the check scan re-queues a copy before it
 * moves past it, or drops the transaction). So for a copy {@code X} of origin {@code O}:
 *
 * <ul>
 *   <li>{@code O} has an entry with an outcome: resolved with that outcome;
 *   <li>{@code O} has an entry without one, or {@code X >= H}: still open;
 *   <li>otherwise ({@code X < H}, no entry): resolved before the window moved on; its outcome is no
 *       longer kept, and it must not be resolved again.
 * </ul>
 *
 * An entry is kept while its newest copy is in the window and forgotten once {@code H} passes it.
 * Entries hold the newest copy, the outcome and a lower bound of the op record's queue offset, from
 * which the op-queue position {@code P} to replay after a restart is computed ({@link #snapshot}).
 *
 * <p>Thread-safe: one lock; callers make check-then-claim atomic through {@link #claim}.
 */
final class TransactionLedger {

    /** What a copy's transaction is, for a resolution that names it. */
    enum State {
        OPEN,
        COMMITTED,
        ROLLED_BACK,
        /** Resolved before the window moved past it; the outcome is no longer known. */
        FORGOTTEN
    }

    /** Position of the check scan and of the op replay, written to the ledger file. */
    record Positions(long halfPosition, long opPosition) {}

    private static final class Entry {
        long newestCopy;
        Outcome outcome;
        long opLowerBound;

        Entry(long newestCopy) {
            this.newestCopy = newestCopy;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Entry> entries = new HashMap<>();
    private long halfPosition;

    TransactionLedger(long halfPosition) {
        this.halfPosition = halfPosition;
    }

    /** The check scan's position: every copy before it was resolved, re-queued or dropped. */
    long halfPosition() {
        lock.lock();
        try {
            return halfPosition;
        } finally {
            lock.unlock();
        }
    }

    /** The state of the transaction of copy {@code copy} with origin {@code origin}. */
    State state(long origin, long copy) {
        lock.lock();
        try {
            return stateLocked(origin, copy);
        } finally {
            lock.unlock();
        }
    }

    private State stateLocked(long origin, long copy) {
        Entry entry = entries.get(origin);
        if (entry != null && entry.outcome != null) {
            return entry.outcome.delivered() ? State.COMMITTED : State.ROLLED_BACK;
        }
        if (entry != null || copy >= halfPosition) {
            return State.OPEN;
        }
        return State.FORGOTTEN;
    }

    /** Whether {@code copy} is an older copy of a transaction that was re-queued since. */
    boolean superseded(long origin, long copy) {
        lock.lock();
        try {
            Entry entry = entries.get(origin);
            return entry != null && entry.newestCopy > copy;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records {@code outcome} for the transaction if it is open.
     *
     * @param opLowerBound a queue offset at or below where the op record will land
     * @return the state before: {@link State#OPEN} means this call claimed the resolution and the
     *     caller must write it (or {@link #release} it)
     */
    State claim(long origin, long copy, Outcome outcome, long opLowerBound) {
        lock.lock();
        try {
            State before = stateLocked(origin, copy);
            if (before == State.OPEN) {
                Entry entry = entries.computeIfAbsent(origin, Entry::new);
                entry.newestCopy = Math.max(entry.newestCopy, copy);
                entry.outcome = outcome;
                entry.opLowerBound = opLowerBound;
            }
            return before;
        } finally {
            lock.unlock();
        }
    }

    /** Undoes a {@link #claim} whose records could not be written: the transaction is open again. */
    void release(long origin) {
        lock.lock();
        try {
            Entry entry = entries.get(origin);
            if (entry != null) {
                entry.outcome = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Notes a new copy of {@code origin} at {@code copy} (a re-queue, or one found on recovery). */
    void copyAt(long origin, long copy) {
        lock.lock();
        try {
            Entry entry = entries.computeIfAbsent(origin, Entry::new);
            entry.newestCopy = Math.max(entry.newestCopy, copy);
        } finally {
            lock.unlock();
        }
    }

    /** Applies a replayed op record, if its transaction is still in the window. */
    void replayOp(long origin, Outcome outcome, long opOffset) {
        lock.lock();
        try {
            Entry entry = entries.get(origin);
            if (entry != null && entry.outcome == null) {
                entry.outcome = outcome;
                entry.opLowerBound = opOffset;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves the check scan to {@code position} and forgets resolved transactions left behind. */
    void advanceHalf(long position) {
        lock.lock();
        try {
            if (position <= halfPosition) {
                return;
            }
            halfPosition = position;
            Iterator<Entry> it = entries.values().iterator();
            while (it.hasNext()) {
                Entry entry = it.next();
                if (entry.outcome != null && entry.newestCopy < position) {
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The positions to persist: {@code H}, and the lowest op offset a restart must replay to see
     * every resolution of a transaction still in the window ({@code opEnd} when none is needed).
     *
     * @param opEnd the op queue's current end
     */
    Positions snapshot(long opEnd) {
        lock.lock();
        try {
            long op = opEnd;
            for (Entry entry : entries.values()) {
                if (entry.outcome != null) {
                    op = Math.min(op, entry.opLowerBound);
                }
            }
            return new Positions(halfPosition, op);
        } finally {
            lock.unlock();
        }
    }

    /** Transactions in the window (tests and logs). */
    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
