package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.transaction.TransactionHandle;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * What an EXACTLY_ONCE writer checkpoints: its subtask and, per transactional id it used, the last
 * transaction it sealed up to this checkpoint. Every sealed transaction of those ids up to that one
 * is in a committable of this or an earlier checkpoint (the committer commits it); a sealed one
 * after it is not, so a restore aborts it (see {@link LingeringTransactions}). Empty for NONE and
 * AT_LEAST_ONCE writers, which checkpoint nothing. Immutable.
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
