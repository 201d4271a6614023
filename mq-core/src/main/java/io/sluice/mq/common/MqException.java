package io.sluice.mq.common;

/**
 * Root of Sluice's operating errors: things that go wrong at run time through no fault of the code
 * (I/O, corrupt bytes, full disks, bad requests). Programmer errors use {@link Checks} instead.
 *
 * <p>Subclasses that a caller may retry extend {@link RetriableException}. Messages name the topic,
 * queue, offset, file or position involved.
 */
public class MqException extends RuntimeException {

    public MqException(String message) {
        super(message);
    }

    public MqException(String message, Throwable cause) {
        super(message, cause);
    }
}
