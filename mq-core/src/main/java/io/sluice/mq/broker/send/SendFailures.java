package io.sluice.mq.broker.send;

import io.sluice.mq.common.BusyException;
import io.sluice.mq.common.DiskFullException;
import io.sluice.mq.common.RecordTooLargeException;
import io.sluice.mq.common.StoreFailedException;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps why a message was not stored to the response code the official clients act on:
 *
 * <ul>
 *   <li>disk too full, store stopped or closed: 14 SERVICE_NOT_AVAILABLE (clients retry another
 *       broker), with the store's reason;
 *   <li>store queue full: 2 SYSTEM_BUSY (retriable);
 *   <li>message, batch or properties too large, malformed or empty batch: 13 MESSAGE_ILLEGAL naming
 *       size and limit;
 *   <li>anything else: 1 SYSTEM_ERROR, logged.
 * </ul>
 *
 * Thread-safe (stateless).
 */
public final class SendFailures {

    private static final Logger LOG = LoggerFactory.getLogger(SendFailures.class);

    private SendFailures() {}

    /** The answer for a send to {@code topic} that failed with {@code error}. */
    public static RemotingCommand response(String topic, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof DiskFullException) {
            return RemotingCommand.response(
                    ResponseCode.SERVICE_NOT_AVAILABLE, "service not available now: " + cause.getMessage());
        }
        if (cause instanceof BusyException) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_BUSY, "[PCBUSY_CLEAN_QUEUE]broker busy: " + cause.getMessage());
        }
        if (cause instanceof RecordTooLargeException
                || cause instanceof ProtocolException
                || cause instanceof IllegalArgumentException) {
            return RemotingCommand.response(ResponseCode.MESSAGE_ILLEGAL, cause.getMessage());
        }
        if (cause instanceof StoreFailedException || cause instanceof IllegalStateException) {
            return RemotingCommand.response(
                    ResponseCode.SERVICE_NOT_AVAILABLE, "service not available now: " + cause.getMessage());
        }
        LOG.warn("storing a message to {} failed", topic, cause);
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, String.valueOf(cause));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
