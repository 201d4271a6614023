package io.sluice.mq.store.log;

import io.sluice.mq.store.AppendResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One append waiting for the writer: one record, or a batch written contiguously into one
 * segment with consecutive queue offsets. The future completes when the configured durability
 * holds, on the writer or flusher thread, so callers must not block in its callbacks.
 *
 * <p>Handed from the caller's thread to the writer through a bounded queue (which publishes it
 * safely); afterwards confined to the writer and then the flusher.
 */
public final class AppendRequest {

    private final List<PreparedRecord> records;
    private final int totalBytes;
    private final CompletableFuture<AppendResult> future = new CompletableFuture<>();
    private AppendResult result;
    private long endPosition;

    public AppendRequest(List<PreparedRecord> records) {
        this.records = List.copyOf(records);
        int sum = 0;
        for (PreparedRecord record : this.records) {
            sum += record.size();
        }
        this.totalBytes = sum;
    }

    public List<PreparedRecord> records() {
        return records;
    }

    /** Total encoded size of all records. */
    public int totalBytes() {
        return totalBytes;
    }

    public CompletableFuture<AppendResult> future() {
        return future;
    }

    void written(AppendResult writtenResult, long writtenEndPosition) {
        this.result = writtenResult;
        this.endPosition = writtenEndPosition;
    }

    /** The log position just after this request's last byte; set once written. */
    long endPosition() {
        return endPosition;
    }

    void complete() {
        future.complete(result);
    }

    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
