package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.transaction.TransactionHandle;
import org.apache.flink.annotation.Internal;

/**
 * A completed checkpoint's transaction could not be committed: its messages are lost to the
 * output, so the job fails with this (never logged and dropped). The message names the
 * transaction and why.
 */
@Internal
public final class SluiceCommitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SluiceCommitException(TransactionHandle handle, String reason, Throwable cause) {
        super("commit of transaction " + handle + " of a completed checkpoint failed: " + reason, cause);
    }
}
