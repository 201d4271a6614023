package io.sluice.mq.broker.txn;

/**
 * The current producer session of a transactional id (or of an idempotent-only producer, whose
 * transactional id is empty). Not thread-safe: only touched under the {@link TxnCoordinator}'s lock.
 */
final class Session {

    final String transactionalId;
    final long producerId;
    int epoch;
    long timeoutMs;

    Session(String transactionalId, long producerId, int epoch, long timeoutMs) {
        this.transactionalId = transactionalId;
        this.producerId = producerId;
        this.epoch = epoch;
        this.timeoutMs = timeoutMs;
    }

    boolean transactional() {
        return !transactionalId.isEmpty();
    }
}
