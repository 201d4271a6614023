package io.sluice.mq.broker.schedule;

import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.MessageDraft;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Turns a parked message (read back from the schedule or timer topic) into the draft that is
 * appended next: the release to its real topic and queue, or a rolled copy back into the timer
 * topic. Body, flags, born time and host, reconsume times and properties are kept (RocketMQ keeps
 * {@code DELAY}, {@code REAL_TOPIC} and {@code REAL_QID} on the delivered copy too); only the store's
 * own property checksum is dropped, because the store writes a fresh one.
 *
 * <p>Thread-safe (stateless).
 */
final class ParkedMessages {

    /** The property the store appends to every record (docs/design/storage-format.md). */
    private static final String STORE_CRC_PROPERTY = "__CRC32#";

    private ParkedMessages() {}

    /** Decodes the one stored record in {@code record}. */
    static WireMessage decode(ByteBuffer record) {
        List<WireMessage> messages = StoredMessageDecoder.decodeAll(record.duplicate());
        if (messages.size() != 1) {
            throw new IllegalStateException("expected one stored record, found " + messages.size());
        }
        return messages.get(0);
    }

    /**
     * The copy for the real destination.
     *
     * @throws IllegalStateException if {@code REAL_TOPIC} or {@code REAL_QID} is missing or bad
     */
    static MessageDraft release(WireMessage parked) {
        Map<String, String> properties = parked.propertyMap();
        properties.remove(STORE_CRC_PROPERTY);
        String topic = properties.get(MessageConst.REAL_TOPIC);
        String queue = properties.get(MessageConst.REAL_QID);
        if (topic == null || queue == null || !queue.matches("\\d{1,9}")) {
            throw new IllegalStateException("parked message at log position " + parked.logPosition() + " in "
                    + parked.topic() + " has no valid REAL_TOPIC/REAL_QID (" + topic + "/" + queue + ")");
        }
        return draft(parked, topic, Integer.parseInt(queue), properties);
    }

    /** The copy re-appended to the timer topic, with {@code TIMER_ROLL_TIMES} counted up. */
    static MessageDraft roll(WireMessage parked) {
        Map<String, String> properties = parked.propertyMap();
        properties.remove(STORE_CRC_PROPERTY);
        String rolls = properties.get(ScheduleTopics.TIMER_ROLL_TIMES);
        int count = rolls == null || !rolls.matches("\\d{1,9}") ? 0 : Integer.parseInt(rolls);
        properties.put(ScheduleTopics.TIMER_ROLL_TIMES, Integer.toString(count + 1));
        return draft(parked, ScheduleTopics.TIMER_TOPIC, 0, properties);
    }

    /** The due time of a parked timer message, or -1 if it has none. */
    static long timerDueMs(WireMessage parked) {
        String due = parked.property(ScheduleTopics.TIMER_OUT_MS);
        if (due == null || !due.matches("\\d{1,19}")) {
            return -1;
        }
        return Long.parseLong(due);
    }

    private static MessageDraft draft(WireMessage parked, String topic, int queueId, Map<String, String> properties) {
        return new MessageDraft(
                topic,
                queueId,
                parked.flag(),
                parked.sysFlag(),
                parked.bornTimestamp(),
                parked.bornHost(),
                parked.reconsumeTimes(),
                parked.preparedTransactionOffset(),
                parked.body(),
                MessageProperties.encode(properties));
    }
}
