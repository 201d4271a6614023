package io.sluice.mq.client.transaction;

/**
 * A transaction as a broker lists it. Immutable.
 *
 * @param brokerName the broker that holds it
 * @param transactionalId its producer's name
 * @param producerId its producer id
 * @param epoch its producer session
 * @param txnSeq its number within the session
 * @param state OPEN, SEALED (prepared for commit), COMMITTED, ABORTED, TIMED_OUT or FENCED
 * @param stagedCount staged messages of an open transaction, -1 for ended ones
 * @param ageMs time since it opened, -1 for ended ones
 */
public record TransactionInfo(
        String brokerName,
        String transactionalId,
        long producerId,
        int epoch,
        long txnSeq,
        String state,
        int stagedCount,
        long ageMs) {

    /** Whether it is still open (sealed or not). */
    public boolean open() {
        return state.equals("OPEN") || state.equals("SEALED");
    }

    /**
     * A handle to commit or abort it; {@code topic} is any topic the broker serves. The staged
     * count is left unchecked unless the transaction is open.
     */
    public TransactionHandle handle(String topic) {
        return new TransactionHandle(
                transactionalId, producerId, epoch, txnSeq, brokerName, topic, Math.max(0, stagedCount));
    }
}
