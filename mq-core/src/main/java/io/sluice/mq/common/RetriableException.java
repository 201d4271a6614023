package io.sluice.mq.common;

/** An operating error that may succeed when retried later, with backoff and a deadline. */
public class RetriableException extends MqException {

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
