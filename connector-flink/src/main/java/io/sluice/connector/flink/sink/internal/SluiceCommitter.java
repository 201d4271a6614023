package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.client.transaction.TransactionException;
import io.sluice.mq.client.transaction.TransactionHandle;
import io.sluice.mq.client.transaction.TransactionOutcome;
import java.util.Collection;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Committer;

/**
 * Commits the EXACTLY_ONCE sink's sealed transactions once their checkpoint is complete, with
 * {@link MqClient#commit}; their messages become visible at once.
 *
 * <ul>
 *   <li>COMMITTED: done. ALREADY_COMMITTED (a restore re-commits the restored checkpoint's
 *       handles, or the answer to an earlier commit was lost): {@code signalAlreadyCommitted}.
 *   <li>A retriable failure (broker busy or unreachable, request timeout): {@code retryLater};
 *       Flink bounds the retries and then fails the job.
 *   <li>Aborted, timed out, fenced before sealing, or unknown to the broker: the data of a
 *       completed checkpoint is gone, so the commit fails with a {@link SluiceCommitException}
 *       naming the transaction and the broker's answer (never swallowed). The usual cause is a
 *       transaction timeout shorter than the time from checkpoint to commit, restarts included.
 *   <li>Any other failure: failed with an unknown reason, which fails the job.
 * </ul>
 *
 * <p>The client is opened at the first commit, so a NONE or AT_LEAST_ONCE sink (whose writers
 * emit nothing) opens none. Thread-safety: Flink calls it from one thread.
 */
@Internal
public final class SluiceCommitter implements Committer<TransactionHandle> {

    private final ProducerSettings settings;
    private final String instanceName;
    private MqClient client;

    public SluiceCommitter(ProducerSettings settings, String instanceName) {
        this.settings = settings;
        this.instanceName = instanceName;
    }

    @Override
    public void commit(Collection<CommitRequest<TransactionHandle>> requests) {
        for (CommitRequest<TransactionHandle> request : requests) {
            commit(request);
        }
    }

    private void commit(CommitRequest<TransactionHandle> request) {
        TransactionHandle handle = request.getCommittable();
        try {
            if (client == null) {
                client = settings.openClient(instanceName);
            }
            if (client.commit(handle) == TransactionOutcome.ALREADY_COMMITTED) {
                request.signalAlreadyCommitted();
            }
        } catch (TransactionException e) {
            request.signalFailedWithKnownReason(new SluiceCommitException(handle, reason(e), e));
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - sort the client's failures
            if (ResponseErrors.isRetriable(e)) {
                request.retryLater();
            } else {
                request.signalFailedWithUnknownReason(new SluiceCommitException(handle, e.getMessage(), e));
            }
        }
    }

    private static String reason(TransactionException e) {
        if (e.fenced()) {
            return "its writer was fenced before it was sealed (" + e.getMessage() + ")";
        }
        if (e.unknown()) {
            return "the broker does not know it (" + e.getMessage() + ")";
        }
        return "the broker aborted it, e.g. after its transaction timeout; raise setTransactionTimeout above the"
                + " checkpoint interval plus restart time (" + e.getMessage() + ")";
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
