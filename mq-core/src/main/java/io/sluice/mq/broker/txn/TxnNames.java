package io.sluice.mq.broker.txn;

/**
 * Names shared by the exactly-once extension (docs/design/exactly-once-primitives.md): the two
 * system topics, the extra send header fields that only Sluice clients send after a successful
 * {@code SLUICE_INIT_PRODUCER}, and the stored property keys. Stateless.
 */
public final class TxnNames {

    /** Staged (durable, invisible) messages of open transactions; queue {@value #QUEUE_ID}. */
    public static final String STAGE_TOPIC = "SLUICE_TXN_STAGE";

    /** The coordinator's state records; queue {@value #QUEUE_ID}. */
    public static final String LOG_TOPIC = "SLUICE_TXN_LOG";

    /** Both system topics have one queue. */
    public static final int QUEUE_ID = 0;

    /** Send header: the producer id from INIT. */
    public static final String PRODUCER_ID = "slPid";

    /** Send header: the producer epoch from INIT. */
    public static final String EPOCH = "slEpoch";

    /** Send header: the idempotence sequence, per (producer, queue), from 0. */
    public static final String SEQUENCE = "slSeq";

    /** Send header: the transaction number of the producer; present = the send is staged. */
    public static final String TXN_SEQ = "slTxnSeq";

    /** Stored on a staged record: its handle, {@code producerId:epoch:txnSeq}. */
    static final String STAGED_HANDLE = "__SLTXN";

    /** Stored on an idempotent record: {@code producerId:epoch:sequence}. */
    static final String IDEMPOTENCE = "__SLSEQ";

    /** Features the broker announces in the answer to SLUICE_FEATURES (ext field {@code features}). */
    public static final String FEATURES = "idempotence,transactions";

    private TxnNames() {}
}
