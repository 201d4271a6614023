package io.sluice.mq.broker.transaction;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.MessageDraft;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a transaction once: claims it in the {@link TransactionLedger}, then appends, as one
 * store batch, what the outcome writes — the committed message (COMMIT) or the parked copy
 * (DROPPED) first, then the op record. The message goes first so a torn tail can lose the op record
 * but never keep an op for a message that is missing; a lost op only means the producer is asked
 * again. A failed append releases the claim. Reusable by any caller that holds a half copy.
 *
 * <p>Thread-safe.
 */
public final class TransactionResolver {

    /** What a resolution request did. */
    public enum Result {
        /** This call resolved the transaction with the requested outcome. */
        RESOLVED,
        /** It had been resolved with the same outcome: nothing done. */
        ALREADY_SAME,
        /** It had been resolved with the other outcome: nothing done, the earlier one stands. */
        ALREADY_OTHER,
        /** It had been resolved long ago (outcome no longer kept): nothing done. */
        ALREADY_FORGOTTEN
    }

    private final FileMessageStore store;
    private final TransactionLedger ledger;
    private final HostAddress storeHost;
    private final Clock clock;

    TransactionResolver(FileMessageStore store, TransactionLedger ledger, HostAddress storeHost, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.storeHost = storeHost;
        this.clock = clock;
    }

    /**
     * Resolves the transaction of half copy {@code copy} with {@code outcome}; completes when the
     * records are written (exceptionally if they could not be, leaving the transaction open).
     */
    public CompletableFuture<Result> resolve(WireMessage copy, Outcome outcome) {
        long origin = HalfMessages.origin(copy);
        MessageDraft message =
                switch (outcome) {
                    case COMMIT -> HalfMessages.committed(copy);
                    case DROPPED -> HalfMessages.parked(copy);
                    case ROLLBACK -> null;
                };
        long opLowerBound = store.maxOffset(TransactionTopics.OP_TOPIC, TransactionTopics.QUEUE_ID);
        TransactionLedger.State before = ledger.claim(origin, copy.queueOffset(), outcome, opLowerBound);
        if (before != TransactionLedger.State.OPEN) {
            return CompletableFuture.completedFuture(earlier(before, outcome));
        }
        MessageDraft op = HalfMessages.opRecord(origin, copy.queueOffset(), outcome, storeHost, clock.nowMs());
        List<MessageDraft> drafts = message == null ? List.of(op) : List.of(message, op);
        return store.appendBatch(drafts).handle((appended, error) -> {
            if (error != null) {
                ledger.release(origin);
                throw new IllegalStateException(
                        "could not record the " + outcome + " of transaction at half offset " + origin, error);
            }
            return Result.RESOLVED;
        });
    }

    private static Result earlier(TransactionLedger.State before, Outcome requested) {
        return switch (before) {
            case COMMITTED -> requested.delivered() ? Result.ALREADY_SAME : Result.ALREADY_OTHER;
            case ROLLED_BACK -> requested.delivered() ? Result.ALREADY_OTHER : Result.ALREADY_SAME;
            default -> Result.ALREADY_FORGOTTEN;
        };
    }
}
