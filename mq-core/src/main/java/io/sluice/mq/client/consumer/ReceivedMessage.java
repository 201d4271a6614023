package io.sluice.mq.client.consumer;

import io.sluice.mq.client.serde.MessageCoordinates;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.message.BodyCompression;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageSysFlag;
import io.sluice.mq.protocol.message.WireMessage;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A message as a consumer receives it: where it is (queue and queue offset), its ids, timestamps,
 * tag, keys, decompressed body and all properties (user and system). Immutable apart from the body
 * array, which callers must not modify.
 *
 * @param queue the queue it was read from
 * @param queueOffset its offset in that queue; the next offset to read after it is {@code queueOffset + 1}
 * @param msgId the producer's unique id ({@code UNIQ_KEY}), or the offset id if it has none
 * @param offsetMsgId the broker's offset message id (store host and log position)
 * @param tags the tag, or null
 * @param keys the business keys
 * @param body the body, decompressed
 * @param flag the user flag
 * @param properties every property, read-only
 * @param bornTimestamp when the producer created it, ms
 * @param storeTimestamp when the broker stored it, ms
 * @param reconsumeTimes failed deliveries so far
 * @param logPosition the broker's commit-log position of the message
 */
public record ReceivedMessage(
        MessageQueue queue,
        long queueOffset,
        String msgId,
        String offsetMsgId,
        String tags,
        List<String> keys,
        byte[] body,
        int flag,
        Map<String, String> properties,
        long bornTimestamp,
        long storeTimestamp,
        int reconsumeTimes,
        long logPosition) {

    /** Largest decompressed body accepted (RocketMQ's 4 MiB limit with room). */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    public ReceivedMessage {
        keys = List.copyOf(keys);
        properties = Collections.unmodifiableMap(properties);
    }

    /** Decodes a stored record read from {@code brokerName}: decompresses and resolves ids. */
    public static ReceivedMessage from(WireMessage wire, String brokerName) {
        byte[] body = wire.body();
        if ((wire.sysFlag() & MessageSysFlag.COMPRESSED) != 0) {
            body = BodyCompression.decompress(body, wire.sysFlag(), MAX_BODY_BYTES);
        }
        Map<String, String> properties = wire.propertyMap();
        String offsetId = wire.offsetMessageId();
        String uniqueKey = properties.get(MessageConst.UNIQ_KEY);
        String keys = properties.get(MessageConst.KEYS);
        return new ReceivedMessage(
                new MessageQueue(wire.topic(), brokerName, wire.queueId()),
                wire.queueOffset(),
                uniqueKey == null ? offsetId : uniqueKey,
                offsetId,
                properties.get(MessageConst.TAGS),
                keys == null || keys.isBlank()
                        ? List.of()
                        : Arrays.asList(keys.trim().split(" +")),
                body,
                wire.flag(),
                properties,
                wire.bornTimestamp(),
                wire.storeTimestamp(),
                wire.reconsumeTimes(),
                wire.logPosition());
    }

    public String topic() {
        return queue.topic();
    }

    /** The property {@code key}, or null. */
    public String property(String key) {
        return properties.get(key);
    }

    /** Topic, queue id and offset, for serde errors. */
    public MessageCoordinates coordinates() {
        return new MessageCoordinates(queue.topic(), queue.queueId(), queueOffset);
    }

    /** The body decoded by {@code deserializer}, which sees this message's coordinates and properties. */
    public <T> T value(io.sluice.mq.client.serde.Deserializer<T> deserializer) {
        return deserializer.deserialize(coordinates(), body, properties);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + queue + "@" + queueOffset + ", msgId=" + msgId + ", tags=" + tags + ", body="
                + body.length + "B]";
    }
}
