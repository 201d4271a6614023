package io.sluice.mq.client.transaction;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.protocol.ResponseCode;

/**
 * The broker answered an extension request with REQUEST_CODE_NOT_SUPPORTED (3): it is a stock
 * RocketMQ broker (or an old Sluice) and speaks neither idempotence nor transactional batches.
 * Immutable.
 */
public final class ExtensionsUnavailableException extends ClientException {

    private static final long serialVersionUID = 1L;

    public ExtensionsUnavailableException(String address, String request) {
        super(
                "broker " + address + " does not support " + request + " (REQUEST_CODE_NOT_SUPPORTED): the Sluice"
                        + " extensions idempotence and transactions are unavailable (a stock RocketMQ broker?)",
                ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                null,
                address);
    }
}
