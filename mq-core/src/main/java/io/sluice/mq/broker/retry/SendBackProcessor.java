package io.sluice.mq.broker.retry;

import io.sluice.mq.broker.client.SubscriptionGroups;
import io.sluice.mq.broker.schedule.DelayRouter;
import io.sluice.mq.broker.topic.TopicAutoCreator;
import io.sluice.mq.broker.topic.TopicNames;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.MessageDraft;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONSUMER_SEND_MSG_BACK (36), REMOTING.md 2.7: a consumer could not process the message at
 * commit-log position {@code offset}. The broker reads it back and stores a copy ({@link
 * RetryCopies}) in {@code %RETRY%<group>} (created on demand, one queue), delayed by level {@code 3
 * + reconsumeTimes} unless the header names a level; when the message was already retried {@code
 * maxReconsumeTimes} times, or the header's level is negative, the copy goes to {@code
 * %DLQ%<group>} instead (one queue, permission 6, no delay). Answers 0 once the copy is written;
 * 26 for an unknown group, 1 naming the offset when no message is there.
 *
 * <p>Thread-safe. Runs on the send pool (it reads the commit log).
 */
public final class SendBackProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(SendBackProcessor.class);

    private final FileMessageStore store;
    private final TopicAutoCreator topics;
    private final SubscriptionGroups groups;
    private final DelayRouter delays;
    private final HostAddress storeHost;

    public SendBackProcessor(
            FileMessageStore store,
            TopicAutoCreator topics,
            SubscriptionGroups groups,
            DelayRouter delays,
            HostAddress storeHost) {
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.delays = delays;
        this.storeHost = storeHost;
    }

    private int storedRetryMaxTimes(String group) {
        SubscriptionGroupConfig config = groups.get(group);
        return config == null ? -1 : config.retryMaxTimes();
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        SendBackHeader header = SendBackHeader.parse(request, this::storedRetryMaxTimes);
        String group = header.group();
        String invalid = TopicNames.invalidReason(TopicNames.DLQ_PREFIX + group);
        if (invalid != null || !groups.ensure(group)) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group not exist, " + group + (invalid == null ? "" : " (" + invalid + ")")));
            return;
        }
        WireMessage failed;
        try {
            failed = read(header.offset());
        } catch (IOException | MqException | IllegalArgumentException e) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "look message by offset failed, " + header.offset() + ": " + e.getMessage()));
            return;
        }
        boolean deadLetter = RetryCopies.isDeadLetter(failed, header);
        String target = deadLetter ? TopicNames.DLQ_PREFIX + group : TopicNames.retryTopic(group);
        TopicConfig config = deadLetter ? topics.deadLetterTopic(target) : topics.retryTopic(target);
        if (config == null) {
            context.respond(
                    RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "topic[" + target + "] could not be created"));
            return;
        }
        MessageDraft copy = delays.route(RetryCopies.copy(failed, header, storeHost));
        if (deadLetter) {
            LOG.info(
                    "message {} of group {} moved to {} after {} deliveries",
                    header.originMsgId(),
                    group,
                    target,
                    failed.reconsumeTimes() + 1);
        }
        store.append(copy)
                .whenComplete((result, error) -> context.respond(
                        error == null
                                ? RemotingCommand.success()
                                : RemotingCommand.response(
                                        ResponseCode.SYSTEM_ERROR,
                                        "storing the retry copy in " + target + " failed: " + error.getMessage())));
    }

    private WireMessage read(long offset) throws IOException {
        if (offset < store.minLogPosition() || offset >= store.writtenPosition()) {
            throw new IllegalArgumentException("no message at commit-log position " + offset + " (retained from "
                    + store.minLogPosition() + " to " + store.writtenPosition() + ")");
        }
        ByteBuffer record = store.readRecord(offset);
        List<WireMessage> messages = StoredMessageDecoder.decodeAll(record.duplicate());
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no message at commit-log position " + offset);
        }
        return messages.get(0);
    }
}
