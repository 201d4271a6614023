package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.transaction.TransactionHandle;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * What an EXACTLY_ONCE writer checkpoints: its subtask and, per transactional id it used, the last
 * transaction it sealed up to this checkpoint. Every sealed transaction of those ids up to that one
 * is in a committable of this or an earlier checkpoint (the committer commits it); a sealed one
 * after it is not, so a restore aborts it (see {@link LingeringTransactions}). Before a writer
 * session seals its first transaction the entry is a marker with that session's epoch and txnSeq 0
 * (nothing staged): earlier epochs are all covered or were aborted at the session's start. NONE
 * and AT_LEAST_ONCE writers checkpoint no state. Immutable.
 *
 * @param subtask the subtask index of the writer that wrote it
 * @param lastSealed the last sealed transaction of each transactional id of that subtask
 */
@Internal
public record SluiceWriterState(int subtask, List<TransactionHandle> lastSealed) {

    public SluiceWriterState {
        lastSealed = List.copyOf(Objects.requireNonNull(lastSealed, "lastSealed"));
    }
}
