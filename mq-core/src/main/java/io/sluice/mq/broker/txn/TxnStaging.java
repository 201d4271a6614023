package io.sluice.mq.broker.txn;

import io.sluice.mq.broker.send.SendFailures;
import io.sluice.mq.broker.send.StagedSends;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.store.AppendResult;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.MessageDraft;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Stages the messages of a send that carries {@value TxnNames#TXN_SEQ}: asks the coordinator
 * whether the producer may send to that transaction, then appends the staged records as one unit,
 * preceded by the transaction's OPEN record when this send opens it (so OPEN and its first staged
 * records are written together). Refusals: 5101 fenced, 5104 unknown producer, 13 over the
 * staged-size limit, 29 a sealed transaction or a bad field. The answer comes when the append completes. Thread-safe,
 * non-blocking (the coordinator's lock guards only memory).
 */
final class TxnStaging implements StagedSends {

    private final FileMessageStore store;
    private final TxnCoordinator coordinator;
    private final HostAddress storeHost;
    private final Clock clock;

    TxnStaging(FileMessageStore store, TxnCoordinator coordinator, HostAddress storeHost, Clock clock) {
        this.store = store;
        this.coordinator = coordinator;
        this.storeHost = storeHost;
        this.clock = clock;
    }

    @Override
    public boolean applies(RemotingCommand request) {
        return request.ext(TxnNames.TXN_SEQ) != null;
    }

    @Override
    public void stage(RequestContext context, RemotingCommand request, int queueId, List<MessageDraft> drafts) {
        TxnCoordinator.Stage decision;
        try {
            long producerId = TxnRequests.longField(request, TxnNames.PRODUCER_ID);
            int epoch = (int) TxnRequests.longField(request, TxnNames.EPOCH);
            long txnSeq = TxnRequests.longField(request, TxnNames.TXN_SEQ);
            long bytes = 0;
            for (MessageDraft draft : drafts) {
                bytes += draft.body().length + draft.properties().length() + 256L;
            }
            long nowMs = clock.nowMs();
            decision = coordinator.stage(
                    producerId, epoch, txnSeq, bytes, store.maxOffset(TxnNames.STAGE_TOPIC, TxnNames.QUEUE_ID), nowMs);
        } catch (TxnRefused e) {
            context.respond(RemotingCommand.response(e.code(), e.getMessage()));
            return;
        }
        OpenTxn txn = decision.txn();
        List<MessageDraft> unit = new ArrayList<>(drafts.size() + 1);
        if (decision.first()) {
            unit.add(
                    TxnLogRecord.open(txn.handle, txn.stageLow, txn.timeoutAtMs).toDraft(storeHost, clock.nowMs()));
        }
        for (MessageDraft draft : drafts) {
            unit.add(StagedRecords.toStaged(draft, txn.handle));
        }
        int skip = decision.first() ? 1 : 0;
        store.appendBatch(unit).whenComplete((result, error) -> {
            if (error != null) {
                coordinator.stageFailed(txn);
                context.respond(SendFailures.response(drafts.get(0).topic(), error));
                return;
            }
            long[] positions = Arrays.copyOfRange(result.logPositions(), skip, result.recordCount());
            coordinator.staged(txn, positions);
            context.respond(answer(result, positions, queueId));
        });
    }

    private RemotingCommand answer(AppendResult result, long[] positions, int queueId) {
        StringJoiner ids = new StringJoiner(",");
        for (long position : positions) {
            ids.add(MessageIds.offsetMessageId(storeHost, position));
        }
        return RemotingCommand.success()
                .putExt("msgId", ids.toString())
                .putExt("queueId", queueId)
                .putExt("queueOffset", -1)
                .putExt("slStaged", positions.length)
                .putExt("slStoredAt", result.storeTimestampMs());
    }
}
