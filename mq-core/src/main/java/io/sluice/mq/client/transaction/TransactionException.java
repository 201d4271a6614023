package io.sluice.mq.client.transaction;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.protocol.ResponseCode;

/**
 * An exactly-once request failed with one of the extension codes: {@link #fenced()} (5101, a newer
 * session of the transactional id exists), already committed (5102) or aborted (5103, 5105) where
 * the opposite was asked, unknown (5104). Immutable.
 */
public final class TransactionException extends ClientException {

    private static final long serialVersionUID = 1L;

    public TransactionException(String message, int responseCode, String remark, String address) {
        super(message, responseCode, remark, address);
    }

    /** A newer INIT of the same transactional id fenced this producer: stop using it. */
    public boolean fenced() {
        return responseCode() == ResponseCode.PRODUCER_FENCED;
    }

    /** The broker does not know the transaction (never opened, or forgotten past its history). */
    public boolean unknown() {
        return responseCode() == ResponseCode.TXN_UNKNOWN;
    }
}
