package io.sluice.mq.common;

/**
 * One message queue as clients address it: topic, the broker that hosts it, and the queue id on
 * that broker. Ordered by topic, broker, queue id, the order RocketMQ's allocation strategies sort
 * by. Immutable.
 *
 * @param topic the topic
 * @param brokerName the broker's name (not its address)
 * @param queueId the queue id on that broker, at least 0
 */
public record MessageQueue(String topic, String brokerName, int queueId) implements Comparable<MessageQueue> {

    public MessageQueue {
        Checks.notNull(topic, "topic");
        Checks.notNull(brokerName, "brokerName");
        Checks.argument(queueId >= 0, "queueId must be >= 0, was %s", queueId);
    }

    @Override
    public int compareTo(MessageQueue other) {
        int byTopic = topic.compareTo(other.topic);
        if (byTopic != 0) {
            return byTopic;
        }
        int byBroker = brokerName.compareTo(other.brokerName);
        return byBroker != 0 ? byBroker : Integer.compare(queueId, other.queueId);
    }

    @Override
    public String toString() {
        return topic + "@" + brokerName + "/" + queueId;
    }
}
