package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.ResponseError;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.apache.flink.annotation.Internal;

/**
 * A record could not be written: the message names the record (topic, tag, keys, size), its queue
 * key, and the broker's response code and remark when there is one; the cause is the client's
 * exception. It fails the sink's subtask (never logged and dropped).
 */
@Internal
public final class SluiceSendException extends IOException {

    private static final long serialVersionUID = 1L;

    public SluiceSendException(String record, Throwable cause) {
        super(describe(record, unwrap(cause)), unwrap(cause));
    }

    /** The client's own exception, out of the future's completion wrapper. */
    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(String record, Throwable cause) {
        StringBuilder text = new StringBuilder("send of ").append(record).append(" failed");
        if (cause instanceof ResponseError response && response.responseCode() != ResponseError.LOCAL) {
            text.append(": broker answered code ").append(response.responseCode());
            if (response.remark() != null) {
                text.append(" (").append(response.remark()).append(')');
            }
        } else if (cause != null) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }
}
