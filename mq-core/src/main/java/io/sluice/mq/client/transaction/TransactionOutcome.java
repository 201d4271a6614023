package io.sluice.mq.client.transaction;

/** What a commit or abort of a {@link TransactionHandle} found. */
public enum TransactionOutcome {
    /** This call committed it. */
    COMMITTED,
    /** It was committed before (by this or another client): nothing changed. */
    ALREADY_COMMITTED,
    /** This call aborted it. */
    ABORTED,
    /** It was aborted before (by a client, the broker's timeout, or fencing): nothing changed. */
    ALREADY_ABORTED
}
