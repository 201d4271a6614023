package io.sluice.mq.broker.txn;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;

/** Reads the ext fields of the extension requests, refusing bad ones with 29 naming the field. Stateless. */
final class TxnRequests {

    private TxnRequests() {}

    static long longField(RemotingCommand request, String name) {
        String value = request.ext(name);
        if (value == null) {
            throw new TxnRefused(ResponseCode.INVALID_PARAMETER, "the field " + name + " is missing");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new TxnRefused(
                    ResponseCode.INVALID_PARAMETER, "the field " + name + " is not a number: '" + value + "'");
        }
    }

    static long longField(RemotingCommand request, String name, long fallback) {
        return request.ext(name) == null ? fallback : longField(request, name);
    }

    /** A transactional id: 1 to 200 characters of {@code [A-Za-z0-9_.:-]}; empty when absent and allowed. */
    static String transactionalId(RemotingCommand request, boolean required) {
        String value = request.ext("transactionalId");
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new TxnRefused(ResponseCode.INVALID_PARAMETER, "the field transactionalId is missing");
            }
            return "";
        }
        if (value.length() > 200 || !value.matches("[A-Za-z0-9_.:-]+")) {
            throw new TxnRefused(
                    ResponseCode.INVALID_PARAMETER,
                    "transactionalId '" + value + "' must be 1 to 200 characters of [A-Za-z0-9_.:-]");
        }
        return value;
    }
}
