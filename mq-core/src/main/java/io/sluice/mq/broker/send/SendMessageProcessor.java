package io.sluice.mq.broker.send;

import io.sluice.mq.broker.schedule.DelayRouter;
import io.sluice.mq.broker.topic.TopicAutoCreator;
import io.sluice.mq.broker.topic.TopicNames;
import io.sluice.mq.broker.transaction.HalfMessages;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.Permission;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.MessageSysFlag;
import io.sluice.mq.remoting.InlineRequestProcessor;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.store.AppendResult;
import io.sluice.mq.store.FileMessageStore;
import java.net.InetSocketAddress;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE (REMOTING.md 2.3). Checks the topic name
 * (invalid: 29; broker-internal: 16), finds or auto-creates the topic (17 when it may not be
 * created), checks it is writable (16) and the queue id (29; a negative id lets the broker pick),
 * turns the request into store drafts (oversized: 13) and appends them. The answer is written when
 * the store's append completes, on the store's thread: no send thread ever waits for a write or an
 * fsync. In SYNC_FLUSH mode a send not durable within {@code syncFlushTimeout} is answered 10.
 *
 * <p>Sends to existing topics are handled on the network thread that decoded them ({@link
 * #tryInline}): the work is parsing, checks and encoding, and the store append only queues the
 * records; a send that must create its topic runs on the send pool (docs/design/inline-send.md).
 *
 * <p>A transactional send (sysFlag PREPARED or {@code TRAN_MSG=true}) is checked against its real
 * topic and queue like any send, then stored as a half message ({@link HalfMessages#toHalf}); the
 * answer carries the half message's id and offset, which END_TRANSACTION names. Transactional
 * batches are refused (29).
 *
 * <p>Delayed messages ({@code DELAY}, the timer properties) are parked by the {@link DelayRouter}; a
 * malformed delay or a delivery time beyond {@code timerMaxDelaySec} is answered 13 naming the
 * property. The answer reports the requested queue id and the offset in the parking queue, as
 * RocketMQ does. Half messages are not delayed (RocketMQ does not delay transactional messages either).
 *
 * <p>Thread-safe.
 */
public final class SendMessageProcessor implements InlineRequestProcessor {

    /** Region name the official brokers report; clients only log it. */
    static final String REGION = "DefaultRegion";

    /**
     * Send settings.
     *
     * @param clusterName written as the {@code CLUSTER} property of every message
     * @param maxMessageSizeBytes largest message body
     * @param syncFlush whether appends are acknowledged after an fsync
     * @param syncFlushTimeoutMillis how long a SYNC_FLUSH send may wait before code 10
     */
    public record Settings(
            String clusterName, int maxMessageSizeBytes, boolean syncFlush, long syncFlushTimeoutMillis) {}

    private final FileMessageStore store;
    private final TopicAutoCreator topics;
    private final DraftFactory drafts;
    private final DelayRouter delays;
    private final HostAddress storeHost;
    private final ScheduledExecutorService timer;
    private final Settings settings;
    private final AtomicInteger nextQueue = new AtomicInteger();
    private volatile StagedSends staging;
    private volatile IdempotentSends idempotence;

    /**
     * @param store where messages go
     * @param topics finds and auto-creates topics
     * @param keys makes missing unique keys
     * @param storeHost the broker address in stored records, for message ids
     * @param timer runs the flush timeouts
     * @param delays parks delayed messages
     * @param settings send settings
     */
    public SendMessageProcessor(
            FileMessageStore store,
            TopicAutoCreator topics,
            UniqueKeyGenerator keys,
            HostAddress storeHost,
            ScheduledExecutorService timer,
            DelayRouter delays,
            Settings settings) {
        this.store = store;
        this.delays = delays;
        this.topics = topics;
        this.drafts = new DraftFactory(settings.clusterName(), keys, settings.maxMessageSizeBytes());
        this.storeHost = storeHost;
        this.timer = timer;
        this.settings = settings;
    }

    /**
     * Routes sends carrying exactly-once transaction fields to {@code staged}. Set once, before the
     * processor is registered.
     */
    public SendMessageProcessor withStaging(StagedSends staged) {
        this.staging = staged;
        return this;
    }

    /**
     * Routes sends carrying an idempotence sequence (and no transaction) through {@code gate}. Set
     * once, before the processor is registered.
     */
    public SendMessageProcessor withIdempotence(IdempotentSends gate) {
        this.idempotence = gate;
        return this;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        handle(context, request, true);
    }

    /**
     * On the network thread: everything but creating a topic, which writes the topic table to
     * disk; a send to a topic that does not exist yet goes to the send pool.
     */
    @Override
    public boolean tryInline(RequestContext context, RemotingCommand request) {
        return handle(context, request, false);
    }

    /** Answers the send; false only when the topic is missing and {@code mayCreate} is false. */
    private boolean handle(RequestContext context, RemotingCommand request, boolean mayCreate) {
        SendHeader header = SendHeader.parse(request);
        String topic = header.topic();
        String invalid = TopicNames.invalidReason(topic);
        if (invalid != null) {
            context.respond(RemotingCommand.response(ResponseCode.INVALID_PARAMETER, invalid));
            return true;
        }
        if (TopicNames.isSendForbidden(topic)) {
            context.respond(RemotingCommand.response(
                    ResponseCode.NO_PERMISSION, "sending message to topic[" + topic + "] is forbidden"));
            return true;
        }
        TopicConfig config = mayCreate
                ? topics.forSend(topic, header.defaultTopic(), header.defaultTopicQueueNums())
                : topics.existing(topic);
        if (config == null && !mayCreate) {
            return false;
        }
        RemotingCommand refused = checkTarget(header, config);
        if (refused != null) {
            context.respond(refused);
            return true;
        }
        int queueId = header.queueId() >= 0
                ? header.queueId()
                : Math.floorMod(nextQueue.getAndIncrement(), config.writeQueueNums());
        int sysFlag = "MULTI_TAG".equals(config.filterType())
                ? header.sysFlag() | MessageSysFlag.MULTI_TAGS
                : header.sysFlag();
        DraftFactory.Target target = new DraftFactory.Target(topic, queueId, sysFlag, bornHost(context));
        boolean prepared = HalfMessages.isPrepared(header.sysFlag(), header.properties());
        StagedSends stagedSends = staging;
        boolean staged = stagedSends != null && stagedSends.applies(request);
        DraftFactory.Drafts messages;
        try {
            messages = drafts(request, header, target, prepared, staged);
        } catch (RuntimeException e) { // a bad body: oversized, malformed or empty batch
            context.respond(SendFailures.response(topic, e));
            return true;
        }
        if (staged) {
            stagedSends.stage(context, request, queueId, messages.drafts());
            return true;
        }
        IdempotentSends gate = idempotence;
        if (gate != null && gate.applies(request)) {
            gate.send(
                    context,
                    request,
                    topic,
                    header.queueId(),
                    messages.drafts(),
                    tagged -> appendAnswer(header, queueId, new DraftFactory.Drafts(tagged, messages.uniqueKeys())));
            return true;
        }
        append(context, header, queueId, messages);
        return true;
    }

    /** Appends and completes with the answer (success or failure), without the flush timeout. */
    private CompletableFuture<RemotingCommand> appendAnswer(
            SendHeader header, int queueId, DraftFactory.Drafts messages) {
        return store.appendBatch(messages.drafts())
                .handle((result, error) -> error == null
                        ? success(result, queueId, messages, header)
                        : SendFailures.response(header.topic(), error));
    }

    /** The store drafts of a send: halves for a transactional send, delays routed for plain sends. */
    private DraftFactory.Drafts drafts(
            RemotingCommand request, SendHeader header, DraftFactory.Target target, boolean prepared, boolean staged) {
        String topic = header.topic();
        Checks.argument(!(prepared && staged), "a half message cannot be part of an exactly-once transaction");
        DraftFactory.Drafts messages;
        if (request.code() == RequestCode.SEND_BATCH_MESSAGE) {
            Checks.argument(!prepared, "transactional messages cannot be sent in a batch (topic %s)", topic);
            messages = drafts.batch(header, target, request.body());
        } else {
            messages = drafts.single(header, target, request.bodyBytes());
            if (prepared) {
                messages = messages.map(draft -> HalfMessages.toHalf(draft, header.producerGroup()));
            }
        }
        if (!prepared && !staged) {
            messages = new DraftFactory.Drafts(delays.routeAll(messages.drafts()), messages.uniqueKeys());
        }
        return messages;
    }

    /** Why the message may not go to {@code config}'s topic at {@code header.queueId()}, or null. */
    private RemotingCommand checkTarget(SendHeader header, TopicConfig config) {
        String topic = header.topic();
        if (config == null) {
            return RemotingCommand.response(
                    ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist, apply first please!");
        }
        if (!Permission.writeable(config.perm()) || config.writeQueueNums() == 0) {
            return RemotingCommand.response(
                    ResponseCode.NO_PERMISSION, "the topic[" + topic + "] sending message is forbidden");
        }
        if (header.queueId() >= config.queueCount()) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER,
                    "queueId[" + header.queueId() + "] is illegal, topic:[" + topic + "] topicConfig.writeQueueNums:["
                            + config.writeQueueNums() + "] topicConfig.readQueueNums:[" + config.readQueueNums() + "]");
        }
        return null;
    }

    private void append(RequestContext context, SendHeader header, int queueId, DraftFactory.Drafts messages) {
        CompletableFuture<AppendResult> appended = store.appendBatch(messages.drafts());
        ScheduledFuture<?> flushTimeout =
                settings.syncFlush() && !appended.isDone() ? scheduleFlushTimeout(context, queueId) : null;
        appended.whenComplete((result, error) -> {
            if (flushTimeout != null) {
                flushTimeout.cancel(false);
            }
            context.respond(
                    error == null
                            ? success(result, queueId, messages, header)
                            : SendFailures.response(header.topic(), error));
        });
    }

    private ScheduledFuture<?> scheduleFlushTimeout(RequestContext context, int queueId) {
        try {
            return timer.schedule(
                    () -> context.respond(RemotingCommand.response(
                                    ResponseCode.FLUSH_DISK_TIMEOUT,
                                    "the message was written but not flushed to disk within "
                                            + settings.syncFlushTimeoutMillis() + " ms")
                            .putExt("msgId", "")
                            .putExt("queueId", queueId)
                            .putExt("queueOffset", -1)),
                    settings.syncFlushTimeoutMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // shutting down: the store answers every append when it closes
        }
    }

    private RemotingCommand success(AppendResult result, int queueId, DraftFactory.Drafts messages, SendHeader header) {
        StringJoiner ids = new StringJoiner(",");
        for (long position : result.logPositions()) {
            ids.add(MessageIds.offsetMessageId(storeHost, position));
        }
        RemotingCommand response = RemotingCommand.success()
                .putExt("msgId", ids.toString())
                .putExt("queueId", queueId)
                .putExt("queueOffset", result.queueOffset());
        if (messages.uniqueKeys().size() == 1) {
            response.putExt("transactionId", messages.uniqueKeys().get(0));
        } else {
            // The batch's own key (5.x clients send one). Not batchUniqId: 5.x clients take that as
            // the mark of an opt-in "inner batch" and then report one id for the whole batch.
            response.putExt("transactionId", MessageProperties.find(header.properties(), MessageConst.UNIQ_KEY));
        }
        return response.putExt("MSG_REGION", REGION).putExt("TRACE_ON", "true");
    }

    private static HostAddress bornHost(RequestContext context) {
        InetSocketAddress address = context.channel().remoteSocketAddress();
        if (address == null || address.getAddress() == null) {
            return HostAddress.of(new byte[4], 0);
        }
        return HostAddress.of(address.getAddress().getAddress(), address.getPort());
    }
}
