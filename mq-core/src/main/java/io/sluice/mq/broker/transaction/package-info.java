/**
 * Transactional (half / op) messages, REMOTING.md 2.8 and 4.5: half messages parked in {@value
 * io.sluice.mq.broker.transaction.TransactionTopics#HALF_TOPIC}, END_TRANSACTION commit and
 * rollback recorded as op records in {@value io.sluice.mq.broker.transaction.TransactionTopics#OP_TOPIC},
 * the periodic check-back to a live producer of the group, and the ledger that makes resolutions
 * idempotent across restarts. Design: {@code docs/design/transactions.md}.
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting}, {@code store} and {@code
 * broker.client}.
 */
package io.sluice.mq.broker.transaction;
