package io.sluice.mq.remoting;

/** No response arrived within the request's timeout. The request may or may not have been applied. */
public class RemotingTimeoutException extends RemotingException {

    private static final long serialVersionUID = 1L;

    public RemotingTimeoutException(String message) {
        super(message);
    }
}
