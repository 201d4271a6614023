package io.sluice.mq.client.producer;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.ResponseError;
import io.sluice.mq.client.RetriableClientException;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.GroupMember;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.client.internal.RouteTable;
import io.sluice.mq.client.internal.SendCodec;
import io.sluice.mq.client.internal.SendCodec.Prepared;
import io.sluice.mq.client.internal.TopicRoute;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageSysFlag;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RemoteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages: synchronously, asynchronously, oneway and in batches, to a queue chosen round
 * robin, by key, or given. Retriable failures (REMOTING.md 2.3: SYSTEM_ERROR, SYSTEM_BUSY,
 * SERVICE_NOT_AVAILABLE, TOPIC_NOT_EXIST, GO_AWAY, connection errors and timeouts) are retried up
 * to {@link ProducerConfig#retries()} times, on another broker when the topic has one. Topics the
 * nameservers do not know are sent through the auto-create route (REMOTING.md 4.1).
 *
 * <p>With {@link ProducerConfig#idempotent()} every send carries a producer id and a per-queue
 * sequence, and retries stay on the first queue with the same sequence, so the broker appends a
 * retried send at most once ({@link IdempotentSender}; a Sluice extension, refused by stock
 * brokers).
 *
 * <p>Thread-safe; share one producer between threads. Created by {@link
 * io.sluice.mq.client.MqClient#newProducer}; {@link #close()} unregisters its group.
 */
public final class Producer implements AutoCloseable, GroupMember {

    private static final Logger LOG = LoggerFactory.getLogger(Producer.class);

    private final ClientContext context;
    private final ProducerConfig config;
    private final AtomicInteger counter;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile GroupMember checkHandler;
    private final IdempotentSender idempotent;

    /** Used by {@link io.sluice.mq.client.MqClient}; registers the producer with the client. */
    public Producer(ClientContext context, ProducerConfig config) {
        this.context = context;
        this.config = config;
        this.counter = new AtomicInteger(context.random().nextInt(1 << 16));
        this.idempotent = config.idempotent() ? new IdempotentSender(context, config, closed::get) : null;
        context.register(this);
    }

    public ProducerConfig config() {
        return config;
    }

    /** Sends {@code message} to a round-robin queue and waits for the broker's acknowledgement. */
    public SendResult send(Message message) {
        return join(sendAsync(message));
    }

    /** Sends {@code message} to the queue of {@code key} (stable while the topic's queues are). */
    public SendResult send(Message message, String key) {
        return join(sendAsync(message, key));
    }

    /** Sends {@code message} to {@code queue}; retries stay on that queue. */
    public SendResult send(Message message, MessageQueue queue) {
        return join(sendAsync(message, queue));
    }

    /** Sends {@code message} to a round-robin queue; completes with the acknowledgement. */
    public CompletableFuture<SendResult> sendAsync(Message message) {
        Prepared prepared = prepare(message);
        return attempt(
                message.topic(),
                0,
                null,
                (route, avoid) -> roundRobin(route, avoid),
                queue -> single(prepared, queue),
                prepared.uniqKey());
    }

    /** Asynchronous {@link #send(Message, String)}. */
    public CompletableFuture<SendResult> sendAsync(Message message, String key) {
        Prepared prepared = prepare(message);
        return attempt(
                message.topic(),
                0,
                null,
                (route, avoid) -> QueueSelector.byKey(route.publishQueues(), key),
                queue -> single(prepared, queue),
                prepared.uniqKey());
    }

    /** Asynchronous {@link #send(Message, MessageQueue)}. */
    public CompletableFuture<SendResult> sendAsync(Message message, MessageQueue queue) {
        Checks.argument(queue.topic().equals(message.topic()), "queue %s is not of topic %s", queue, message.topic());
        Prepared prepared = prepare(message);
        return attempt(
                message.topic(),
                0,
                null,
                (route, avoid) -> queue,
                target -> single(prepared, target),
                prepared.uniqKey());
    }

    /**
     * Sends {@code message} as a transactional half message (sysFlag PREPARED, {@code TRAN_MSG},
     * {@code PGROUP}) to a round-robin queue, retried like any send; the result names the broker
     * that holds the half message, where END_TRANSACTION must go.
     */
    CompletableFuture<SendResult> sendHalfAsync(Message message) {
        Prepared plain = prepare(message);
        Map<String, String> properties = MessageProperties.parse(plain.properties());
        properties.put(MessageConst.TRAN_MSG, "true");
        properties.put(MessageConst.PGROUP, config.group());
        Prepared half = new Prepared(
                plain.topic(),
                plain.uniqKey(),
                plain.body(),
                plain.sysFlag() | MessageSysFlag.TRANSACTION_PREPARED_TYPE,
                plain.flag(),
                MessageProperties.encode(properties));
        return attempt(
                message.topic(),
                0,
                null,
                (route, avoid) -> roundRobin(route, avoid),
                queue -> single(half, queue),
                half.uniqKey());
    }

    /** Who answers the broker's transaction checks for this producer's group (a transactional producer). */
    void checkHandler(GroupMember handler) {
        this.checkHandler = handler;
    }

    @Override
    public void onTransactionCheck(RemoteChannel channel, RemotingCommand request, WireMessage message) {
        GroupMember handler = checkHandler;
        if (handler == null) {
            LOG.info("transaction check for group {} but the producer has no transaction listener", config.group());
            return;
        }
        handler.onTransactionCheck(channel, request, message);
    }

    /** The master address of {@code brokerName}, or an exception naming it. */
    String brokerAddress(String brokerName) {
        String address = context.routes().masterOf(brokerName);
        if (address == null) {
            throw new RetriableClientException(
                    "no master for broker " + brokerName, ResponseCode.SERVICE_NOT_AVAILABLE, null, null);
        }
        return address;
    }

    ClientContext context() {
        return context;
    }

    /**
     * Sends {@code message} without waiting for the broker (ONEWAY, no retries); returns when the
     * request is written. Route and connection errors are thrown.
     *
     * @return the message's unique key
     */
    public String sendOneway(Message message) {
        checkOpen();
        Checks.state(idempotent == null, "an idempotent producer does not send oneway (it needs the answer)");
        Prepared prepared = prepare(message);
        TopicRoute route = context.routes().publishRoute(message.topic());
        MessageQueue queue = roundRobin(route, null);
        RemotingCommand request = single(prepared, queue);
        join(context.rpc().remoting().invokeOneway(address(route, queue), request));
        return prepared.uniqKey();
    }

    /**
     * Sends {@code messages} (one topic, at least one) as one SEND_BATCH_MESSAGE to one
     * round-robin queue, where they get consecutive offsets. Bodies are not compressed.
     */
    public SendResult sendBatch(List<Message> messages) {
        return join(sendBatchAsync(messages, null));
    }

    /** Like {@link #sendBatch(List)} to the queue of {@code key}. */
    public SendResult sendBatch(List<Message> messages, String key) {
        return join(sendBatchAsync(messages, key));
    }

    /** Asynchronous batch send; {@code key} may be null for round robin. */
    public CompletableFuture<SendResult> sendBatchAsync(List<Message> messages, String key) {
        Checks.argument(!messages.isEmpty(), "a batch needs at least one message");
        String topic = messages.get(0).topic();
        List<Prepared> prepared = new ArrayList<>(messages.size());
        StringJoiner ids = new StringJoiner(",");
        long total = 0;
        for (Message message : messages) {
            Checks.argument(
                    message.topic().equals(topic), "a batch goes to one topic: %s vs %s", message.topic(), topic);
            Prepared one =
                    SendCodec.prepare(message, context.ids().next(), Integer.MAX_VALUE, config.maxMessageBytes());
            total += one.body().length;
            prepared.add(one);
            ids.add(one.uniqKey());
        }
        Checks.argument(
                total <= config.maxMessageBytes(), "batch of %s bytes over %s", total, config.maxMessageBytes());
        checkOpen();
        return attempt(
                topic,
                0,
                null,
                (route, avoid) ->
                        key == null ? roundRobin(route, avoid) : QueueSelector.byKey(route.publishQueues(), key),
                queue -> SendCodec.batch(
                        config.group(), prepared, queue, context.clock().nowMs()),
                ids.toString());
    }

    @FunctionalInterface
    private interface Selection {
        MessageQueue select(TopicRoute route, String avoidBroker);
    }

    private CompletableFuture<SendResult> attempt(
            String topic,
            int attempt,
            String avoidBroker,
            Selection selection,
            Function<MessageQueue, RemotingCommand> requests,
            String msgId) {
        if (idempotent != null) { // retries stay on the queue, with the same sequence
            try {
                checkOpen();
                topics.add(topic);
            } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - completes the future
                return CompletableFuture.failedFuture(e);
            }
            return idempotent.send(topic, route -> selection.select(route, null), requests, msgId);
        }
        String[] target = {avoidBroker};
        CompletableFuture<SendResult> result;
        try {
            checkOpen();
            topics.add(topic);
            TopicRoute route = context.routes().publishRoute(topic);
            MessageQueue queue = selection.select(route, avoidBroker);
            target[0] = queue.brokerName();
            String address = address(route, queue);
            result = context.rpc()
                    .remoting()
                    .invoke(address, requests.apply(queue), config.sendTimeout().toMillis())
                    .thenApply(response -> SendCodec.result(address, queue, msgId, response));
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - route and encode failures complete the future
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((sent, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(sent);
                    }
                    Throwable cause = ResponseErrors.unwrap(error);
                    if (attempt >= config.retries() || closed.get() || !ResponseErrors.isRetriable(cause)) {
                        return CompletableFuture.<SendResult>failedFuture(cause);
                    }
                    if (cause instanceof ResponseError response
                            && response.responseCode() == ResponseCode.TOPIC_NOT_EXIST) {
                        refreshQuietly(topic);
                    }
                    return attempt(topic, attempt + 1, target[0], selection, requests, msgId);
                })
                .thenCompose(Function.identity());
    }

    private void refreshQuietly(String topic) {
        try {
            context.routes().refresh(topic);
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - the retry reports its own failure
            LOG.debug("route refresh of {} failed: {}", topic, e.toString());
        }
    }

    private MessageQueue roundRobin(TopicRoute route, String avoidBroker) {
        return QueueSelector.roundRobin(route.publishQueues(), counter.getAndIncrement(), avoidBroker);
    }

    private String address(TopicRoute route, MessageQueue queue) {
        String address = route.masterOf(queue.brokerName());
        if (address == null) {
            address = context.routes().masterOf(queue.brokerName());
        }
        if (address == null) {
            throw new RetriableClientException(
                    "no master for broker " + queue.brokerName() + " of " + queue,
                    ResponseCode.SERVICE_NOT_AVAILABLE,
                    null,
                    null);
        }
        return address;
    }

    private Prepared prepare(Message message) {
        checkOpen();
        return SendCodec.prepare(
                message, context.ids().next(), config.compressThresholdBytes(), config.maxMessageBytes());
    }

    private RemotingCommand single(Prepared prepared, MessageQueue queue) {
        return SendCodec.single(config.group(), prepared, queue, context.clock().nowMs());
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - unwrap CompletionException for callers
            throw ResponseErrors.rethrowable(e);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ClientException("producer " + config.group() + " is closed", ResponseError.LOCAL, null, null);
        }
    }

    @Override
    public String producerGroup() {
        return config.group();
    }

    @Override
    public Set<String> topics() {
        Set<String> known = Set.copyOf(topics);
        return known.isEmpty() ? Set.of(RouteTable.AUTO_CREATE_TOPIC) : known;
    }

    /** Unregisters the group from the brokers; later sends fail. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            context.unregister(this);
        }
    }
}
