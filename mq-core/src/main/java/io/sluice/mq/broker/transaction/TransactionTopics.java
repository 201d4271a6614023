package io.sluice.mq.broker.transaction;

/**
 * Names of the broker's transaction topics and of the properties it writes on their records
 * (REMOTING.md 3.3, 4.5). Thread-safe (constants).
 */
public final class TransactionTopics {

    /** Where half messages wait, one queue (0). */
    public static final String HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    /** Where resolutions are recorded, one queue (0). */
    public static final String OP_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    /** Where half messages dropped after {@code transactionCheckMax} checks are parked. */
    public static final String CHECK_MAX_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    /** The one queue of each transaction topic. */
    public static final int QUEUE_ID = 0;
    /** Tag of op records (RocketMQ's REMOVE_TAG). */
    public static final String OP_TAG = "d";

    /** Original queue offset of a re-appended half message (RocketMQ's name). */
    public static final String PREPARED_QUEUE_OFFSET = "TRAN_PREPARED_QUEUE_OFFSET";
    /** Per-message first-check delay, seconds (RocketMQ's name). */
    public static final String CHECK_IMMUNITY_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    /** (Sluice) On op records: {@link Outcome#name()} of the resolution. */
    public static final String OUTCOME = "SLUICE_TXN_OUTCOME";
    /** (Sluice) On op records: queue offset of the half copy the resolution named. */
    public static final String RESOLVED_COPY = "SLUICE_TXN_COPY";

    private TransactionTopics() {}
}
