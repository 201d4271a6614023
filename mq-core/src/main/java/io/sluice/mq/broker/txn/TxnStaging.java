package io.sluice.mq.broker.txn;

import io.sluice.mq.broker.send.SendFailures;
import io.sluice.mq.broker.send.StagedSends;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
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
 * staged-size limit, 29 a sealed transaction or a bad field. The answer comes when the append
 * completes.
 *
 * <p>A staged send that also carries {@value TxnNames#SEQUENCE} (design note §4.2) is first admitted
 * by the idempotence table under (producer id, real topic, queue), exactly like an idempotent send:
 * a remembered sequence (the retry of a send whose answer was lost) is answered with its first
 * answer plus {@code slDuplicate=true} and stages nothing, any other sequence but the next gets
 * 5100. Its staged records carry {@value TxnNames#IDEMPOTENCE}, so the table is rebuilt from the
 * stage topic after a restart (the replay keys them by REAL_TOPIC/REAL_QID).
 *
 * <p>Thread-safe, non-blocking (the coordinator's lock and the table's entry locks guard only memory).
 */
final class TxnStaging implements StagedSends {

    private final FileMessageStore store;
    private final TxnCoordinator coordinator;
    private final ProducerSequences sequences;
    private final HostAddress storeHost;
    private final Clock clock;

    TxnStaging(
            FileMessageStore store,
            TxnCoordinator coordinator,
            ProducerSequences sequences,
            HostAddress storeHost,
            Clock clock) {
        this.store = store;
        this.coordinator = coordinator;
        this.sequences = sequences;
        this.storeHost = storeHost;
        this.clock = clock;
    }

    @Override
    public boolean applies(RemotingCommand request) {
        return request.ext(TxnNames.TXN_SEQ) != null;
    }

    @Override
    public void stage(RequestContext context, RemotingCommand request, int queueId, List<MessageDraft> drafts) {
        long producerId;
        int epoch;
        long txnSeq;
        long seq;
        try {
            producerId = TxnRequests.longField(request, TxnNames.PRODUCER_ID);
            epoch = (int) TxnRequests.longField(request, TxnNames.EPOCH);
            txnSeq = TxnRequests.longField(request, TxnNames.TXN_SEQ);
            seq = request.ext(TxnNames.SEQUENCE) == null ? -1 : TxnRequests.longField(request, TxnNames.SEQUENCE);
            if (request.ext(TxnNames.SEQUENCE) != null && seq < 0) {
                throw new TxnRefused(ResponseCode.INVALID_PARAMETER, "the field slSeq is negative: " + seq);
            }
        } catch (TxnRefused e) {
            context.respond(RemotingCommand.response(e.code(), e.getMessage()));
            return;
        }
        Staging staging = new Staging(context, producerId, epoch, txnSeq, queueId);
        if (seq < 0) {
            staging.append(drafts, null, null);
            return;
        }
        ProducerSequences.Key key =
                new ProducerSequences.Key(producerId, drafts.get(0).topic(), queueId);
        List<MessageDraft> tagged = IdempotentSendGate.tag(drafts, producerId + ":" + epoch + ":" + seq);
        ProducerSequences.Decision decision = sequences.admit(
                key, epoch, seq, store.writtenPosition(), clock.nowMs(), ack -> staging.append(tagged, key, ack));
        switch (decision.kind()) {
            case APPENDED -> {} // answered by the append's completion
            case DUPLICATE ->
                decision.ack()
                        .answer
                        .whenComplete((fields, error) -> context.respond(
                                error == null
                                        ? IdempotentSendGate.duplicate(fields)
                                        : IdempotentSendGate.failure(error)));
            case OUT_OF_ORDER -> {
                if (seq < decision.expected()) {
                    context.respond(forgotten(seq, queueId));
                    return;
                }
                context.respond(RemotingCommand.response(
                                ResponseCode.OUT_OF_ORDER_SEQUENCE,
                                "out of order sequence for staged sends of producer " + producerId + " on "
                                        + key.topic() + ":" + queueId + ": expected " + decision.expected() + ", got "
                                        + seq)
                        .putExt("expectedSeq", decision.expected()));
            }
            case OLD_EPOCH ->
                context.respond(RemotingCommand.response(
                        ResponseCode.PRODUCER_FENCED,
                        "producer " + producerId + " epoch " + epoch + " is fenced; the current epoch is "
                                + decision.currentEpoch()));
        }
    }

    /**
     * The answer to a retry of a sequence admitted so long ago that its answer is no longer
     * remembered (a client timed out on a send the broker was still writing, with more sends of
     * the queue behind it): staged once, as far as the sequence can tell. Unlike a plain
     * idempotent send (5100) this is safe to acknowledge, because the seal and commit compare the
     * client's count with what was staged: a send whose append failed after later ones were
     * admitted makes them differ and the commit is refused (29) instead of losing it silently.
     */
    private static RemotingCommand forgotten(long seq, int queueId) {
        return RemotingCommand.response(
                        ResponseCode.SUCCESS,
                        "sequence " + seq + " was admitted before; its answer is no longer kept (the commit"
                                + " checks the staged count)")
                .putExt("msgId", "")
                .putExt("queueId", queueId)
                .putExt("queueOffset", -1)
                .putExt("slDuplicate", "true");
    }

    /** One staged send being decided and appended. */
    private final class Staging {
        final RequestContext context;
        final long producerId;
        final int epoch;
        final long txnSeq;
        final int queueId;

        Staging(RequestContext context, long producerId, int epoch, long txnSeq, int queueId) {
            this.context = context;
            this.producerId = producerId;
            this.epoch = epoch;
            this.txnSeq = txnSeq;
            this.queueId = queueId;
        }

        /**
         * Asks the coordinator, then queues the unit; {@code ack} (with {@code key}), when the send
         * has a sequence, is completed or failed with the outcome.
         */
        void append(List<MessageDraft> drafts, ProducerSequences.Key key, ProducerSequences.Ack ack) {
            TxnCoordinator.Stage decision;
            try {
                long bytes = 0;
                for (MessageDraft draft : drafts) {
                    bytes += draft.body().length + draft.properties().length() + 256L;
                }
                decision = coordinator.stage(
                        producerId,
                        epoch,
                        txnSeq,
                        bytes,
                        store.maxOffset(TxnNames.STAGE_TOPIC, TxnNames.QUEUE_ID),
                        clock.nowMs());
            } catch (TxnRefused e) {
                if (ack != null) {
                    sequences.failed(key, ack, e);
                }
                context.respond(RemotingCommand.response(e.code(), e.getMessage()));
                return;
            }
            OpenTxn txn = decision.txn();
            List<MessageDraft> unit = new ArrayList<>(drafts.size() + 1);
            if (decision.first()) {
                unit.add(TxnLogRecord.open(txn.handle, txn.stageLow, txn.timeoutAtMs)
                        .toDraft(storeHost, clock.nowMs()));
            }
            for (MessageDraft draft : drafts) {
                unit.add(StagedRecords.toStaged(draft, txn.handle));
            }
            int skip = decision.first() ? 1 : 0;
            store.appendBatch(unit).whenComplete((result, error) -> {
                if (error != null) {
                    coordinator.stageFailed(txn);
                    if (ack != null) {
                        sequences.failed(key, ack, error);
                    }
                    context.respond(SendFailures.response(drafts.get(0).topic(), error));
                    return;
                }
                long[] positions = Arrays.copyOfRange(result.logPositions(), skip, result.recordCount());
                coordinator.staged(txn, positions);
                RemotingCommand answer = answer(result, positions, queueId);
                if (ack != null) {
                    sequences.completed(ack, answer.extFields());
                }
                context.respond(answer);
            });
        }
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
