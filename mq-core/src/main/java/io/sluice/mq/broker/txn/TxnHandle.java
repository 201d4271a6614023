package io.sluice.mq.broker.txn;

/**
 * Identifies one transaction: the producer session that opened it and its number within that
 * session. It is what a client's checkpoint stores and what END_TXN names. Immutable.
 *
 * @param transactionalId the producer's stable name (e.g. {@code sink-3-slot-0})
 * @param producerId the id the broker gave that name
 * @param epoch the producer session; a newer one fences older ones
 * @param txnSeq the transaction's number within the session
 */
record TxnHandle(String transactionalId, long producerId, int epoch, long txnSeq) {

    /** The stored form on staged records: {@code producerId:epoch:txnSeq}. */
    String stagedKey() {
        return producerId + ":" + epoch + ":" + txnSeq;
    }

    @Override
    public String toString() {
        return transactionalId + "/" + producerId + "/" + epoch + "/" + txnSeq;
    }
}
