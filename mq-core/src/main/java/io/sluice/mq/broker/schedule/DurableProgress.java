package io.sluice.mq.broker.schedule;

import java.util.ArrayDeque;

/**
 * Progress that may be persisted only once the writes it depends on are durable: a delivery cursor
 * must not be saved past a released copy that a crash could still take back. Each {@link
 * #advanced} records a state with the commit-log end its writes reached; {@link #durable} returns
 * the newest state whose end the store has flushed. At most {@value #MAX_PENDING} states wait: a
 * newer one replaces the newest waiting one (it only delays what becomes durable, never skips ahead).
 *
 * <p>Confined to the schedule thread.
 */
final class DurableProgress {

    private static final int MAX_PENDING = 64;

    private record Pending(long[] state, long logEnd) {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long[] durable;

    /** @param initial the state loaded at start, durable by definition */
    DurableProgress(long[] initial) {
        this.durable = initial.clone();
    }

    /** Records {@code state}, valid once the log is durable up to {@code logEnd}. */
    void advanced(long[] state, long logEnd) {
        Pending last = pending.peekLast();
        if (last != null && java.util.Arrays.equals(last.state(), state)) {
            return;
        }
        if (pending.size() == MAX_PENDING) {
            pending.pollLast();
        }
        pending.addLast(new Pending(state.clone(), logEnd));
    }

    /** The newest recorded state whose writes end at or before {@code flushedPosition}. */
    long[] durable(long flushedPosition) {
        while (!pending.isEmpty() && pending.peekFirst().logEnd() <= flushedPosition) {
            durable = pending.pollFirst().state();
        }
        return durable.clone();
    }
}
