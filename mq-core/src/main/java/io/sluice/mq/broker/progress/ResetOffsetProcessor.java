package io.sluice.mq.broker.progress;

import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.broker.client.ConsumerGroupInfo;
import io.sluice.mq.broker.topic.TopicTable;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ResetOffsetBody;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.remoting.RemoteChannel;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222), REMOTING.md 2.12: moves a consumer group's offsets on one
 * topic to the first message stored at or after {@code timestamp}, with its consumers online.
 *
 * <p>Header: {@code topic}, {@code group}, {@code timestamp} (ms), {@code isForce} (false: an
 * offset only moves backwards), and from 5.x {@code queueId} (-1 = all) with {@code offset} (reset
 * that queue to exactly this offset, clamped to the queue). For each queue the broker computes the
 * offset, commits it for the group, then sends RESET_CONSUMER_CLIENT_OFFSET (220, same header,
 * body {@link ResetOffsetBody}) oneway to every online member, which drops what it buffered and
 * continues from there (the 4.x behaviour, which the 4.9.8 and 5.3.3 clients both follow). The
 * answer is 0 with the same body. Unlike RocketMQ, a group with no member online is reset too
 * (the offsets are stored; there is nobody to tell). Unknown topic: 17; a negative timestamp: 1
 * naming it. Runs on the admin pool. Thread-safe.
 */
public final class ResetOffsetProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ResetOffsetProcessor.class);

    private final FileMessageStore store;
    private final TopicTable topics;
    private final ClientRegistry clients;
    private final String brokerName;

    public ResetOffsetProcessor(FileMessageStore store, TopicTable topics, ClientRegistry clients, String brokerName) {
        this.store = store;
        this.topics = topics;
        this.clients = clients;
        this.brokerName = brokerName;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) throws IOException {
        String topic = request.requireExt("topic");
        String group = request.requireExt("group");
        long timestamp = request.requireExtLong("timestamp");
        boolean force = request.extBoolean("isForce", true);
        int onlyQueue = request.extInt("queueId", -1);
        String exactOffset = request.ext("offset");
        TopicConfig config = topics.get(topic);
        if (config == null) {
            context.respond(
                    RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist"));
            return;
        }
        if (timestamp < 0 && !(onlyQueue >= 0 && exactOffset != null)) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "timestamp must be a time in ms since the epoch, was " + timestamp));
            return;
        }
        Map<MessageQueue, Long> offsets = new TreeMap<>();
        for (int queueId = 0; queueId < config.queueCount(); queueId++) {
            if (onlyQueue >= 0 && queueId != onlyQueue) {
                continue;
            }
            long target = onlyQueue >= 0 && exactOffset != null
                    ? clamp(topic, queueId, parseOffset(exactOffset))
                    : store.offsetForTimestamp(topic, queueId, timestamp);
            OptionalLong committed = store.consumerOffset(group, topic, queueId);
            long offset = force || committed.isEmpty() ? target : Math.min(target, committed.getAsLong());
            store.commitConsumerOffset(group, topic, queueId, offset);
            offsets.put(new MessageQueue(topic, brokerName, queueId), offset);
        }
        ResetOffsetBody body = new ResetOffsetBody(offsets);
        tellOnlineConsumers(group, request, body);
        LOG.info("reset offsets of group {} on topic {} to {} (force {}): {}", group, topic, timestamp, force, offsets);
        context.respond(RemotingCommand.success().body(body.encode()));
    }

    private long clamp(String topic, int queueId, long offset) {
        return Math.max(store.minOffset(topic, queueId), Math.min(offset, store.maxOffset(topic, queueId)));
    }

    private static long parseOffset(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException("offset is not a number: " + text);
        }
    }

    private void tellOnlineConsumers(String group, RemotingCommand request, ResetOffsetBody body) {
        ConsumerGroupInfo online = clients.consumerGroup(group);
        if (online == null) {
            return;
        }
        byte[] encoded = body.encode();
        for (RemoteChannel channel : online.channels().keySet()) {
            // One command per channel: the transport stamps each with its own opaque.
            RemotingCommand reset = RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET)
                    .putExt("topic", request.requireExt("topic"))
                    .putExt("group", group)
                    .putExt("timestamp", request.requireExt("timestamp"))
                    .putExt("isForce", request.extBoolean("isForce", true))
                    .body(encoded);
            channel.sendOneway(reset).whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.warn("could not send the offset reset of group {} to {}: {}", group, channel, error.toString());
                }
            });
        }
    }
}
