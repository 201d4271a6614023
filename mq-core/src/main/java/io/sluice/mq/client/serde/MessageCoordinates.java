package io.sluice.mq.client.serde;

/**
 * Where a message lives: topic, queue and queue offset. Errors about a message name these so an
 * operator can find it with {@code sluice admin queryMsgByOffset}.
 *
 * @param topic the topic
 * @param queueId the queue id within the topic
 * @param queueOffset the message's offset within the queue (its index, not a byte position)
 */
public record MessageCoordinates(String topic, int queueId, long queueOffset) {

    /** Coordinates for bytes that did not come from a queue, such as a test or a local file. */
    public static MessageCoordinates unknown(String topic) {
        return new MessageCoordinates(topic, -1, -1L);
    }

    @Override
    public String toString() {
        return topic + "/" + queueId + "@" + queueOffset;
    }
}
