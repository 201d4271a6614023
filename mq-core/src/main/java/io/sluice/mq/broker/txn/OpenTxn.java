package io.sluice.mq.broker.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One open transaction as the coordinator holds it: where its staged records are, whether a
 * checkpoint sealed it, and whether an end (commit or abort) is being written. Not thread-safe:
 * only touched under the {@link TxnCoordinator}'s lock.
 */
final class OpenTxn {

    final TxnHandle handle;
    final long stageLow;
    final long openedAtMs;
    final long timeoutAtMs;
    /** Commit-log positions of the acknowledged staged records, in acknowledgement order. */
    final List<Long> positions = new ArrayList<>();

    long stagedBytes;
    /** Staged appends not yet acknowledged; an end must wait for them. */
    int inFlight;

    boolean sealed;
    /** A staged append failed: the transaction can only be aborted. */
    boolean broken;
    /** Non-null while a commit or abort is being written; completes with its outcome. */
    CompletableFuture<Outcome> ending;

    OpenTxn(TxnHandle handle, long stageLow, long openedAtMs, long timeoutAtMs) {
        this.handle = handle;
        this.stageLow = stageLow;
        this.openedAtMs = openedAtMs;
        this.timeoutAtMs = timeoutAtMs;
    }

    /** Positions sorted: the order the records were written, so per-queue send order is kept. */
    long[] sortedPositions() {
        long[] sorted = new long[positions.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = positions.get(i);
        }
        java.util.Arrays.sort(sorted);
        return sorted;
    }
}
