package io.sluice.mq.common;

/**
 * One queue of a topic. Immutable.
 *
 * @param topic the topic name
 * @param queueId the queue id, at least 0
 */
public record TopicQueue(String topic, int queueId) {

    public TopicQueue {
        Checks.notNull(topic, "topic");
        Checks.argument(queueId >= 0, "queueId must be >= 0, was %s", queueId);
    }

    @Override
    public String toString() {
        return topic + "/" + queueId;
    }
}
