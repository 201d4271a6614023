package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.transaction.TransactionHandle;
import io.sluice.mq.client.transaction.TransactionInfo;
import io.sluice.mq.client.transaction.TransactionListing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * Finds and aborts the sealed transactions a previous run of the sink left behind that no
 * checkpoint's committable covers: those the committer will never commit, which would otherwise
 * hold the broker's retention back until their timeout.
 *
 * <p>A writer is responsible for the subtasks whose {@link SluiceWriterState} it restored, and on
 * a start without a restored checkpoint for its own subtask. For each of their transactional ids a
 * sealed transaction later (higher epoch, or same epoch and higher txnSeq) than the state's last
 * sealed one belongs to a checkpoint that never completed: abort it. Sealed ones up to that one are
 * in the restored committables and are left to the committer. Unsealed transactions are never
 * touched here: the INIT of their id (by the owning writer) aborts them, and a writer of the new
 * run may already have opened one. No new transaction can be sealed before every writer has run
 * this, because sealing happens at the first checkpoint, which Flink starts only when every task
 * is running. Stateless, thread-safe.
 */
@Internal
final class LingeringTransactions {

    private LingeringTransactions() {}

    /** The transactions of {@code listed} to abort; see the class comment. */
    static List<TransactionInfo> toAbort(
            TransactionSettings settings,
            Set<Integer> responsibleSubtasks,
            Map<String, TransactionHandle> lastSealed,
            List<TransactionInfo> listed) {
        List<TransactionInfo> abort = new ArrayList<>();
        for (TransactionInfo info : listed) {
            if (!info.state().equals("SEALED")
                    || !responsibleSubtasks.contains(settings.subtaskOf(info.transactionalId()))) {
                continue;
            }
            TransactionHandle last = lastSealed.get(info.transactionalId());
            if (last == null || after(info, last)) {
                abort.add(info);
            }
        }
        return abort;
    }

    private static boolean after(TransactionInfo info, TransactionHandle last) {
        return info.epoch() != last.epoch() ? info.epoch() > last.epoch() : info.txnSeq() > last.txnSeq();
    }

    /** Lists the open transactions of the sink's prefix and aborts those {@link #toAbort} picks; returns them. */
    static List<TransactionInfo> abort(
            MqClient client,
            TransactionSettings settings,
            Set<Integer> responsibleSubtasks,
            Map<String, TransactionHandle> lastSealed) {
        List<TransactionInfo> listed =
                client.listTransactions(settings.prefix() + "-", TransactionListing.OPEN, settings.topic());
        List<TransactionInfo> abort = toAbort(settings, responsibleSubtasks, lastSealed, listed);
        for (TransactionInfo info : abort) {
            client.abort(info.handle(settings.topic()));
        }
        return abort;
    }
}
