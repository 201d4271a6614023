package io.sluice.mq.common;

/** A bounded queue was full or a request waited too long; retry after a backoff. */
public final class BusyException extends RetriableException {

    public BusyException(String message) {
        super(message);
    }
}
