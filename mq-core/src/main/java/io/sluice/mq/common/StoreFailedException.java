package io.sluice.mq.common;

/**
 * The store stopped itself after a failed write or fsync (fail-stop) and refuses all further
 * writes until it is restarted and recovered. The cause is the original I/O error.
 */
public final class StoreFailedException extends MqException {

    public StoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
