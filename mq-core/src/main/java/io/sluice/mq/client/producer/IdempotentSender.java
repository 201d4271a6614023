package io.sluice.mq.client.producer;

import io.sluice.mq.client.ResponseError;
import io.sluice.mq.client.RetriableClientException;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.client.internal.SendCodec;
import io.sluice.mq.client.internal.TopicRoute;
import io.sluice.mq.client.transaction.ExtensionsUnavailableException;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The sends of an idempotent {@link Producer} (docs/design/exactly-once-primitives.md §4). Per
 * broker it holds a producer id from SLUICE_INIT_PRODUCER (asked on the first send to that broker,
 * which waits for it); per queue the next sequence. Every attempt of a send, first or retry, goes
 * to the same queue with the same sequence, so the broker appends it at most once and answers a
 * retry with the first answer.
 *
 * <p>Retried: the usual retriable failures (timeouts, connection errors, busy), and 5100
 * OUT_OF_ORDER_SEQUENCE while an earlier sequence of the same queue is still unanswered (that
 * earlier send is being retried; its retry fills the gap). When a send fails for good its
 * sequence may or may not have been written, so the producer forgets that broker's session: the
 * next send starts a new producer id (as a Kafka producer resets its id).
 *
 * <p>A stock RocketMQ broker answers the INIT with 3: the send fails with {@link
 * ExtensionsUnavailableException}, nothing is sent without idempotence.
 *
 * <p>Thread-safe: sequences are assigned and their requests written under the queue's lock, so a
 * queue's sends leave in sequence order.
 */
final class IdempotentSender {

    /** One broker's session: its producer id and the sequences of its queues. */
    private static final class BrokerSession {
        final CompletableFuture<Long> producerId;
        final Map<MessageQueue, QueueSequence> queues = new ConcurrentHashMap<>();

        BrokerSession(CompletableFuture<Long> producerId) {
            this.producerId = producerId;
        }
    }

    /** One queue: the next sequence and the sequences sent but not answered. */
    private static final class QueueSequence {
        long next;
        final ConcurrentSkipListSet<Long> unanswered = new ConcurrentSkipListSet<>();
    }

    /** One send: where it goes, under which producer id and sequence, and how to build its request. */
    private record Send(
            BrokerSession session,
            QueueSequence sequence,
            MessageQueue queue,
            long producerId,
            long seq,
            Function<MessageQueue, RemotingCommand> requests,
            String msgId) {}

    private final ClientContext context;
    private final ProducerConfig config;
    private final BooleanSupplier closed;
    private final Map<String, BrokerSession> sessions = new ConcurrentHashMap<>();

    IdempotentSender(ClientContext context, ProducerConfig config, BooleanSupplier closed) {
        this.context = context;
        this.config = config;
        this.closed = closed;
    }

    /**
     * Sends to the queue {@code select} picks from {@code topic}'s route; {@code requests} builds
     * the request for the queue (the sequence fields are added here).
     */
    CompletableFuture<SendResult> send(
            String topic,
            Function<TopicRoute, MessageQueue> select,
            Function<MessageQueue, RemotingCommand> requests,
            String msgId) {
        try {
            MessageQueue queue = select.apply(context.routes().publishRoute(topic));
            String address = address(queue);
            BrokerSession session = session(queue.brokerName(), address);
            long producerId = join(session.producerId);
            QueueSequence sequence = session.queues.computeIfAbsent(queue, q -> new QueueSequence());
            CompletableFuture<SendResult> first;
            long seq;
            synchronized (sequence) { // assign and write in sequence order
                seq = sequence.next++;
                sequence.unanswered.add(seq);
                first = invoke(address, queue, stamp(requests.apply(queue), producerId, seq), msgId);
            }
            return retrying(first, new Send(session, sequence, queue, producerId, seq, requests, msgId), 0);
        } catch (
                RuntimeException
                        e) { // CHECKSTYLE.OFF: IllegalCatch - route, INIT and encode failures complete the future
            return CompletableFuture.failedFuture(ResponseErrors.unwrap(e));
        }
    }

    private CompletableFuture<SendResult> retrying(CompletableFuture<SendResult> attempt, Send send, int attempts) {
        return attempt.handle((sent, error) -> {
                    if (error == null) {
                        send.sequence().unanswered.remove(send.seq());
                        return CompletableFuture.completedFuture(sent);
                    }
                    Throwable cause = ResponseErrors.unwrap(error);
                    if (attempts < config.retries()
                            && !closed.getAsBoolean()
                            && retriable(cause, send.sequence(), send.seq())) {
                        CompletableFuture<SendResult> next;
                        try {
                            MessageQueue queue = send.queue();
                            next = invoke(
                                    address(queue),
                                    queue,
                                    stamp(send.requests().apply(queue), send.producerId(), send.seq()),
                                    send.msgId());
                        } catch (
                                RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - a route failure ends the retries
                            next = CompletableFuture.failedFuture(e);
                        }
                        return retrying(next, send, attempts + 1);
                    }
                    send.sequence().unanswered.remove(send.seq());
                    // The sequence may or may not be stored: start afresh with a new producer id.
                    sessions.remove(send.queue().brokerName(), send.session());
                    return CompletableFuture.<SendResult>failedFuture(cause);
                })
                .thenCompose(Function.identity());
    }

    private static boolean retriable(Throwable cause, QueueSequence sequence, long seq) {
        if (ResponseErrors.isRetriable(cause)) {
            return true;
        }
        return cause instanceof ResponseError response
                && response.responseCode() == ResponseCode.OUT_OF_ORDER_SEQUENCE
                && !sequence.unanswered.headSet(seq).isEmpty();
    }

    private CompletableFuture<SendResult> invoke(
            String address, MessageQueue queue, RemotingCommand request, String msgId) {
        return context.rpc()
                .remoting()
                .invoke(address, request, config.sendTimeout().toMillis())
                .thenApply(response -> SendCodec.result(address, queue, msgId, response));
    }

    private static RemotingCommand stamp(RemotingCommand request, long producerId, long seq) {
        return request.putExt("slPid", producerId).putExt("slEpoch", 0).putExt("slSeq", seq);
    }

    private BrokerSession session(String brokerName, String address) {
        // A failed INIT is not kept: the next send asks again.
        return sessions.compute(
                brokerName,
                (name, known) -> known == null || known.producerId.isCompletedExceptionally()
                        ? new BrokerSession(init(address))
                        : known);
    }

    /** SLUICE_INIT_PRODUCER without a transactional id. */
    private CompletableFuture<Long> init(String address) {
        RemotingCommand request = RemotingCommand.request(RequestCode.SLUICE_INIT_PRODUCER);
        return context.rpc()
                .remoting()
                .invoke(address, request, config.sendTimeout().toMillis())
                .thenApply(response -> {
                    if (response.code() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
                        throw new ExtensionsUnavailableException(address, "SLUICE_INIT_PRODUCER (idempotent producer)");
                    }
                    return ResponseErrors.requireSuccess("SLUICE_INIT_PRODUCER", address, response)
                            .requireExtLong("producerId");
                });
    }

    private static long join(CompletableFuture<Long> producerId) {
        try {
            return producerId.join();
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - unwrap CompletionException
            throw ResponseErrors.rethrowable(e);
        }
    }

    private String address(MessageQueue queue) {
        String address = context.routes().masterOf(queue.brokerName());
        if (address == null) {
            throw new RetriableClientException(
                    "no master for broker " + queue.brokerName() + " of " + queue,
                    ResponseCode.SERVICE_NOT_AVAILABLE,
                    null,
                    null);
        }
        return address;
    }
}
