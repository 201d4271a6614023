package io.sluice.mq.broker.txn;

/**
 * A request the coordinator refuses: the response code to answer and a remark naming the handle,
 * field or value. Thrown by {@link TxnCoordinator} and answered by the processors; never escapes
 * this package.
 */
final class TxnRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    TxnRefused(int code, String remark) {
        super(remark, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
