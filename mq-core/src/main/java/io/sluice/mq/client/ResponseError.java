package io.sluice.mq.client;

/**
 * What a broker or nameserver answered when a request failed: the response code (REMOTING.md 1.9),
 * its remark and the address that answered. Implemented by both {@link ClientException} and {@link
 * RetriableClientException}, so callers can read the code whatever the retry class.
 */
public interface ResponseError {

    /** Code for failures that never reached a server (local checks, connection errors). */
    int LOCAL = -1;

    /** The response code, or {@link #LOCAL}. */
    int responseCode();

    /** The server's remark, or null. */
    String remark();

    /** "ip:port" of the server that answered, or null. */
    String address();
}
