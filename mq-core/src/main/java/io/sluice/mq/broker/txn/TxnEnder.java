package io.sluice.mq.broker.txn;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.MessageDraft;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the end of a transaction the coordinator decided on and reports back to it.
 *
 * <p>A commit is <b>one</b> store unit ({@link FileMessageStore#appendBatch}): a copy of every
 * staged record for its real queue, in staging order, then the ENDED COMMITTED log record last.
 * The single writer gives the copies consecutive offsets in each queue and the store publishes the
 * unit together, so a consumer sees all of the transaction or none of it, and the transaction is
 * committed exactly when its COMMITTED record exists (design note §1; crash atomicity of units is
 * the store's, §1.1). An abort or seal writes one log record.
 *
 * <p>Thread-safe. Reads the staged records on the calling thread (disk reads: never call it on a
 * network thread).
 */
final class TxnEnder {

    private final FileMessageStore store;
    private final TxnCoordinator coordinator;
    private final HostAddress storeHost;
    private final Clock clock;

    TxnEnder(FileMessageStore store, TxnCoordinator coordinator, HostAddress storeHost, Clock clock) {
        this.store = store;
        this.coordinator = coordinator;
        this.storeHost = storeHost;
        this.clock = clock;
    }

    /**
     * Writes the end {@code txn} was marked for; completes with the outcome (null for a seal), or
     * exceptionally when the write failed (the transaction is then open again).
     */
    CompletableFuture<Outcome> end(OpenTxn txn, TxnCoordinator.Action action) {
        return switch (action) {
            case SEAL -> write(txn, List.of(TxnLogRecord.sealed(txn.handle, txn.positions.size())), null);
            case ABORT -> abort(txn, Outcome.ABORTED);
            case COMMIT -> commit(txn);
        };
    }

    /** Writes an abort of {@code txn} with {@code why} (client, timeout or fencing). */
    CompletableFuture<Outcome> abort(OpenTxn txn, Outcome why) {
        return write(txn, List.of(TxnLogRecord.ended(txn.handle, why, txn.positions.size())), why);
    }

    private CompletableFuture<Outcome> commit(OpenTxn txn) {
        long[] positions = txn.sortedPositions(); // stable: no send may add to a transaction that is ending
        List<MessageDraft> unit = new ArrayList<>(positions.length + 1);
        try {
            for (long position : positions) {
                List<WireMessage> staged = StoredMessageDecoder.decodeAll(store.readRecord(position));
                unit.add(StagedRecords.committedCopy(staged.get(0)));
            }
        } catch (IOException | RuntimeException e) { // an unreadable staged record fails the commit, not the broker
            coordinator.endFailed(txn, e);
            return CompletableFuture.failedFuture(e);
        }
        unit.add(TxnLogRecord.ended(txn.handle, Outcome.COMMITTED, positions.length)
                .toDraft(storeHost, clock.nowMs()));
        return append(txn, unit, Outcome.COMMITTED);
    }

    private CompletableFuture<Outcome> write(OpenTxn txn, List<TxnLogRecord> records, Outcome outcome) {
        List<MessageDraft> unit = new ArrayList<>(records.size());
        for (TxnLogRecord record : records) {
            unit.add(record.toDraft(storeHost, clock.nowMs()));
        }
        return append(txn, unit, outcome);
    }

    private CompletableFuture<Outcome> append(OpenTxn txn, List<MessageDraft> unit, Outcome outcome) {
        return store.appendBatch(unit).handle((result, error) -> {
            if (error != null) {
                coordinator.endFailed(txn, error);
                throw new java.util.concurrent.CompletionException(error);
            }
            if (outcome == null) {
                coordinator.sealed(txn);
            } else {
                coordinator.ended(txn, outcome);
            }
            return outcome;
        });
    }

    /** Writes INIT's EPOCH record and the aborts of the transactions it fenced, as one unit. */
    CompletableFuture<Void> init(TxnCoordinator.Init init) {
        TxnHandle session = init.session();
        List<MessageDraft> unit = new ArrayList<>(1 + init.fenced().size());
        long nowMs = clock.nowMs();
        unit.add(TxnLogRecord.epoch(session.transactionalId(), session.producerId(), session.epoch(), init.timeoutMs())
                .toDraft(storeHost, nowMs));
        for (OpenTxn txn : init.fenced()) {
            unit.add(TxnLogRecord.ended(txn.handle, Outcome.FENCED, txn.positions.size())
                    .toDraft(storeHost, nowMs));
        }
        return store.appendBatch(unit).handle((result, error) -> {
            for (OpenTxn txn : init.fenced()) {
                if (error == null) {
                    coordinator.ended(txn, Outcome.FENCED);
                } else {
                    coordinator.endFailed(txn, error); // still fenced by the epoch; the timeout aborts it
                }
            }
            if (error != null) {
                throw new java.util.concurrent.CompletionException(error);
            }
            return null;
        });
    }
}
