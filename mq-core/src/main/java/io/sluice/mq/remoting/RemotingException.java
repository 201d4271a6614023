package io.sluice.mq.remoting;

import io.sluice.mq.common.MqException;

/** A request could not be completed by the transport (connection, send or timeout failure). */
public class RemotingException extends MqException {

    private static final long serialVersionUID = 1L;

    public RemotingException(String message) {
        super(message);
    }

    public RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}
