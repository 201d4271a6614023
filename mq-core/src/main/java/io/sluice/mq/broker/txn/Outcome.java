package io.sluice.mq.broker.txn;

import io.sluice.mq.protocol.ResponseCode;

/** How a transaction ended; stored in the log and kept in the coordinator's history. */
enum Outcome {
    COMMITTED,
    /** Aborted by a client's END_TXN. */
    ABORTED,
    /** Aborted by the broker when it outlived its timeout. */
    TIMED_OUT,
    /** Aborted by a newer INIT of the same transactional id (it was not sealed). */
    FENCED;

    /**
     * The answer to a COMMIT or ABORT of a transaction that already ended so: distinct for each
     * outcome, so a committer restored from a checkpoint can tell "done already" from "lost".
     */
    int answer() {
        return switch (this) {
            case COMMITTED -> ResponseCode.TXN_ALREADY_COMMITTED;
            case ABORTED -> ResponseCode.TXN_ALREADY_ABORTED;
            case TIMED_OUT -> ResponseCode.TXN_TIMED_OUT;
            case FENCED -> ResponseCode.PRODUCER_FENCED;
        };
    }
}
