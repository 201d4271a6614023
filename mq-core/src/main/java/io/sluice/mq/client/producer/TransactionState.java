package io.sluice.mq.client.producer;

import io.sluice.mq.protocol.message.MessageSysFlag;

/** The state of a local transaction, as a {@link TransactionListener} reports it. */
public enum TransactionState {
    /** Make the message visible to consumers. */
    COMMIT(MessageSysFlag.TRANSACTION_COMMIT_TYPE),
    /** Discard the message. */
    ROLLBACK(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE),
    /** Not decided yet: the broker will ask again ({@link TransactionListener#check}). */
    UNKNOWN(MessageSysFlag.TRANSACTION_NOT_TYPE);

    private final int wireCode;

    TransactionState(int wireCode) {
        this.wireCode = wireCode;
    }

    /** The END_TRANSACTION {@code commitOrRollback} value: 8, 12 or 0. */
    int wireCode() {
        return wireCode;
    }
}
