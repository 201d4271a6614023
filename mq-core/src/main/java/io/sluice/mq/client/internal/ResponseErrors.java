package io.sluice.mq.client.internal;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.RetriableClientException;
import io.sluice.mq.common.MqException;
import io.sluice.mq.common.RetriableException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.remoting.RemotingConnectException;
import io.sluice.mq.remoting.RemotingTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps failed responses and transport errors to the client's exception types. Retriable codes are
 * those the official clients retry on another broker (REMOTING.md 2.3): SYSTEM_ERROR, SYSTEM_BUSY,
 * SERVICE_NOT_AVAILABLE, TOPIC_NOT_EXIST, FLOW_CONTROL and GO_AWAY. Thread-safe (stateless).
 */
public final class ResponseErrors {

    private ResponseErrors() {}

    /** Whether a response code is worth retrying, possibly elsewhere. */
    public static boolean retriable(int code) {
        return code == ResponseCode.SYSTEM_ERROR
                || code == ResponseCode.SYSTEM_BUSY
                || code == ResponseCode.SERVICE_NOT_AVAILABLE
                || code == ResponseCode.TOPIC_NOT_EXIST
                || code == ResponseCode.FLOW_CONTROL
                || code == ResponseCode.GO_AWAY;
    }

    /** The exception for a failed {@code response} to {@code what} from {@code address}. */
    public static MqException of(String what, String address, RemotingCommand response) {
        int code = response.code();
        String message = what + " failed at " + address + ": " + ResponseCode.name(code) + " (" + code + ")"
                + (response.remark() == null ? "" : ", " + response.remark());
        if (retriable(code)) {
            return new RetriableClientException(message, code, response.remark(), address);
        }
        return new ClientException(message, code, response.remark(), address);
    }

    /** Throws the exception for {@code response} unless its code is SUCCESS. */
    public static RemotingCommand requireSuccess(String what, String address, RemotingCommand response) {
        if (response.code() != ResponseCode.SUCCESS) {
            throw of(what, address, response);
        }
        return response;
    }

    /** Whether {@code error} (unwrapped) is worth retrying on another broker. */
    public static boolean isRetriable(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof RetriableException
                || cause instanceof RemotingConnectException
                || cause instanceof RemotingTimeoutException;
    }

    /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** {@code error} as an unchecked exception to rethrow in a caller's thread. */
    public static RuntimeException rethrowable(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new ClientException("request failed: " + cause, cause);
    }
}
