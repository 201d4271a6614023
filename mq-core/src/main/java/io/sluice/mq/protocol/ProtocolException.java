package io.sluice.mq.protocol;

import io.sluice.mq.common.MqException;

/**
 * A frame, header or body that does not follow the remoting protocol: wrong lengths, bad JSON, a
 * required header field missing or unparsable. The message names the field or byte position.
 */
public class ProtocolException extends MqException {

    private static final long serialVersionUID = 1L;

    /** An error described by {@code message}. */
    public ProtocolException(String message) {
        super(message);
    }

    /** An error described by {@code message}, caused by {@code cause}. */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
