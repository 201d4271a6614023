package io.sluice.mq.broker.schedule;

import io.sluice.mq.store.AppendResult;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.MessageDraft;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Appends released or rolled messages as one unit and waits (bounded) until the store wrote them,
 * so a delivery service advances its cursor only past messages whose copies exist. Tracks the end
 * of the last write, which decides when progress may be persisted ({@link DurableProgress}).
 *
 * <p>Confined to the schedule thread.
 */
final class StoreAppends {

    /** An append that did not complete; the caller retries on a later turn. */
    static final class AppendFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        AppendFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final FileMessageStore store;
    private final Duration timeout;
    private long lastEnd;

    StoreAppends(FileMessageStore store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    /** Appends {@code drafts} together and waits for the write. */
    void append(List<MessageDraft> drafts) throws AppendFailedException, InterruptedException {
        try {
            AppendResult result = store.appendBatch(drafts).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            lastEnd = Math.max(lastEnd, result.logPosition() + result.wroteBytes());
        } catch (ExecutionException e) {
            throw new AppendFailedException(
                    "re-appending " + drafts.size() + " delayed messages failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AppendFailedException(
                    "re-appending " + drafts.size() + " delayed messages took over " + timeout.toMillis() + " ms", e);
        }
    }

    /** The commit-log end of the last completed append (0 before the first). */
    long lastEnd() {
        return lastEnd;
    }
}
