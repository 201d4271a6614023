package io.sluice.mq.broker.txn;

/**
 * One transaction as SLUICE_LIST_TXNS reports it. Immutable.
 *
 * @param handle the transaction
 * @param state OPEN, SEALED, or how it ended (COMMITTED, ABORTED, TIMED_OUT, FENCED)
 * @param stagedCount staged messages of an open transaction, -1 for ended ones
 * @param ageMs time since it opened, -1 for ended ones
 */
record TxnInfo(TxnHandle handle, String state, int stagedCount, long ageMs) {}
