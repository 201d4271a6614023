package io.sluice.mq.broker.transaction;

/** How a transaction ended. Recorded by name in op records; never rename a constant. */
public enum Outcome {
    /** The producer committed: the message was written to its real topic. */
    COMMIT,
    /** The producer rolled back: the message was discarded. */
    ROLLBACK,
    /** The broker gave up after {@code transactionCheckMax} checks: discarded like a rollback. */
    DROPPED;

    /** Whether the message reached its real topic. */
    public boolean delivered() {
        return this == COMMIT;
    }
}
