package io.sluice.mq.broker.txn;

import io.sluice.mq.broker.send.IdempotentSends;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.MessageDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Admits the sends of idempotent producers (design note §4): a send with {@value
 * TxnNames#SEQUENCE} (and no {@value TxnNames#TXN_SEQ}) must name its producer id and epoch from
 * SLUICE_INIT_PRODUCER and an explicit queue. The next sequence of (producer, queue) is appended
 * with the property {@value TxnNames#IDEMPOTENCE} = {@code producerId:epoch:sequence} on every
 * record (what the table is rebuilt from after a restart); a remembered sequence is answered with
 * its first answer plus {@code slDuplicate=true} and nothing is written; any other sequence gets
 * 5100 naming the expected and the received one. Unknown producer: 5104; older epoch: 5101.
 *
 * <p>In SYNC_FLUSH mode an idempotent send is answered when it is durable, without the 10
 * (FLUSH_DISK_TIMEOUT) answer: a client that times out retries, and the retry is deduplicated.
 *
 * <p>Thread-safe, non-blocking.
 */
final class IdempotentSendGate implements IdempotentSends {

    private final ProducerSequences table;
    private final TxnCoordinator coordinator;
    private final FileMessageStore store;
    private final Clock clock;

    IdempotentSendGate(ProducerSequences table, TxnCoordinator coordinator, FileMessageStore store, Clock clock) {
        this.table = table;
        this.coordinator = coordinator;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean applies(RemotingCommand request) {
        return request.ext(TxnNames.SEQUENCE) != null && request.ext(TxnNames.TXN_SEQ) == null;
    }

    @Override
    public void send(
            RequestContext context,
            RemotingCommand request,
            String topic,
            int requestedQueueId,
            List<MessageDraft> drafts,
            Function<List<MessageDraft>, CompletableFuture<RemotingCommand>> append) {
        long producerId;
        int epoch;
        long seq;
        try {
            producerId = TxnRequests.longField(request, TxnNames.PRODUCER_ID);
            epoch = (int) TxnRequests.longField(request, TxnNames.EPOCH);
            seq = TxnRequests.longField(request, TxnNames.SEQUENCE);
            if (seq < 0) {
                throw new TxnRefused(ResponseCode.INVALID_PARAMETER, "the field slSeq is negative: " + seq);
            }
            if (requestedQueueId < 0) {
                throw new TxnRefused(
                        ResponseCode.INVALID_PARAMETER,
                        "an idempotent send (slSeq) must name its queueId: sequences are per queue");
            }
            coordinator.checkProducer(producerId, epoch);
        } catch (TxnRefused e) {
            context.respond(RemotingCommand.response(e.code(), e.getMessage()));
            return;
        }
        ProducerSequences.Key key = new ProducerSequences.Key(producerId, topic, requestedQueueId);
        List<MessageDraft> tagged = tag(drafts, producerId + ":" + epoch + ":" + seq);
        ProducerSequences.Decision decision =
                table.admit(key, epoch, seq, store.writtenPosition(), clock.nowMs(), ack -> append.apply(tagged)
                        .whenComplete((answer, error) -> {
                            if (error == null && answer.code() == ResponseCode.SUCCESS) {
                                table.completed(ack, answer.extFields());
                            } else {
                                table.failed(
                                        key, ack, error != null ? error : new IllegalStateException(answer.remark()));
                            }
                            context.respond(error == null ? answer : failure(error));
                        }));
        switch (decision.kind()) {
            case APPENDED -> {} // answered by the append's completion
            case DUPLICATE ->
                decision.ack()
                        .answer
                        .whenComplete(
                                (fields, error) -> context.respond(error == null ? duplicate(fields) : failure(error)));
            case OUT_OF_ORDER ->
                context.respond(RemotingCommand.response(
                                ResponseCode.OUT_OF_ORDER_SEQUENCE,
                                "out of order sequence for producer " + producerId + " on " + key.topic() + ":"
                                        + key.queueId() + ": expected " + decision.expected() + ", got " + seq)
                        .putExt("expectedSeq", decision.expected()));
            case OLD_EPOCH ->
                context.respond(RemotingCommand.response(
                        ResponseCode.PRODUCER_FENCED,
                        "producer " + producerId + " epoch " + epoch + " is fenced; the current epoch is "
                                + decision.currentEpoch()));
        }
    }

    static RemotingCommand duplicate(Map<String, String> fields) {
        RemotingCommand answer = RemotingCommand.success();
        fields.forEach(answer::putExt);
        return answer.putExt("slDuplicate", "true");
    }

    static RemotingCommand failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "idempotent send failed: " + cause.getMessage());
    }

    /** {@code drafts} with the idempotence property set (a client-sent one is replaced). */
    static List<MessageDraft> tag(List<MessageDraft> drafts, String value) {
        List<MessageDraft> tagged = new ArrayList<>(drafts.size());
        for (MessageDraft draft : drafts) {
            Map<String, String> properties = MessageProperties.parse(draft.properties());
            properties.put(TxnNames.IDEMPOTENCE, value);
            tagged.add(new MessageDraft(
                    draft.topic(),
                    draft.queueId(),
                    draft.flag(),
                    draft.sysFlag(),
                    draft.bornTimestampMs(),
                    draft.bornHost(),
                    draft.reconsumeTimes(),
                    draft.preparedTransactionOffset(),
                    draft.body(),
                    MessageProperties.encode(properties)));
        }
        return tagged;
    }
}
