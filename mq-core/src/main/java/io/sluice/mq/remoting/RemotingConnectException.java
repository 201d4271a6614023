package io.sluice.mq.remoting;

/**
 * The connection to a remote address could not be opened, or closed while the request was in
 * flight. A request that failed on close may or may not have been applied.
 */
public class RemotingConnectException extends RemotingException {

    private static final long serialVersionUID = 1L;

    public RemotingConnectException(String message) {
        super(message);
    }

    public RemotingConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
