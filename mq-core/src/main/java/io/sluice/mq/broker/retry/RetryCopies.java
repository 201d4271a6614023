package io.sluice.mq.broker.retry;

import io.sluice.mq.broker.topic.TopicNames;
import io.sluice.mq.common.HostAddress;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.MessageDraft;
import java.util.Map;

/**
 * Builds the copy a send-back stores (REMOTING.md 2.7): body, flags, born time and host as the
 * failed message, reconsume times + 1, {@code RETRY_TOPIC} = the topic it first came from and
 * {@code ORIGIN_MESSAGE_ID} = the offset id of its first failed delivery (both kept when already
 * set). A retry copy gets {@code DELAY} = the requested level or {@code 3 + reconsumeTimes} (the
 * delay router parks it); a dead letter gets {@code DLQ_ORIGIN_TOPIC} and {@code
 * DLQ_ORIGIN_MESSAGE_ID} (5.x) and no delay.
 *
 * <p>Thread-safe (stateless).
 */
final class RetryCopies {

    /** RocketMQ's first retry level: 10 s with the default levels. */
    static final int FIRST_RETRY_LEVEL = 3;

    static final String DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
    static final String DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";
    private static final String STORE_CRC_PROPERTY = "__CRC32#";

    private RetryCopies() {}

    /** Whether the failed message goes to the dead-letter topic rather than being retried. */
    static boolean isDeadLetter(WireMessage failed, SendBackHeader header) {
        return header.delayLevel() < 0 || failed.reconsumeTimes() >= header.maxReconsumeTimes();
    }

    /** The copy of {@code failed} for the group's retry or dead-letter topic. */
    static MessageDraft copy(WireMessage failed, SendBackHeader header, HostAddress storeHost) {
        Map<String, String> properties = failed.propertyMap();
        properties.remove(STORE_CRC_PROPERTY);
        properties.remove(MessageConst.REAL_TOPIC);
        properties.remove(MessageConst.REAL_QID);
        String firstTopic = properties.getOrDefault(MessageConst.RETRY_TOPIC, failed.topic());
        properties.putIfAbsent(MessageConst.RETRY_TOPIC, firstTopic);
        properties.putIfAbsent(
                MessageConst.ORIGIN_MESSAGE_ID, MessageIds.offsetMessageId(storeHost, failed.logPosition()));
        properties.put(MessageConst.WAIT, "false");
        String topic;
        if (isDeadLetter(failed, header)) {
            topic = TopicNames.DLQ_PREFIX + header.group();
            properties.remove(MessageConst.DELAY);
            properties.put(DLQ_ORIGIN_TOPIC, firstTopic);
            properties.put(
                    DLQ_ORIGIN_MESSAGE_ID,
                    properties.getOrDefault(MessageConst.UNIQ_KEY, properties.get(MessageConst.ORIGIN_MESSAGE_ID)));
        } else {
            topic = TopicNames.retryTopic(header.group());
            int level = header.delayLevel() > 0 ? header.delayLevel() : FIRST_RETRY_LEVEL + failed.reconsumeTimes();
            properties.put(MessageConst.DELAY, Integer.toString(level));
        }
        return new MessageDraft(
                topic,
                0,
                failed.flag(),
                failed.sysFlag(),
                failed.bornTimestamp(),
                failed.bornHost(),
                failed.reconsumeTimes() + 1,
                0L,
                failed.body(),
                io.sluice.mq.common.MessageProperties.encode(properties));
    }
}
