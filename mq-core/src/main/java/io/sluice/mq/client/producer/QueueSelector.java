package io.sluice.mq.client.producer;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MessageQueue;
import java.util.List;

/**
 * How a producer picks a queue from a topic's write queues. Thread-safe (stateless).
 */
public final class QueueSelector {

    private QueueSelector() {}

    /**
     * The queue for {@code key}: the key's Java string hash modulo the number of queues, so the same
     * key always maps to the same queue while the topic's queues stay the same (what RocketMQ's
     * {@code SelectMessageQueueByHash} does, without its negative-hash corner case).
     */
    public static MessageQueue byKey(List<MessageQueue> queues, String key) {
        Checks.argument(!queues.isEmpty(), "no queues to select from");
        Checks.notNull(key, "key");
        return queues.get(Math.floorMod(key.hashCode(), queues.size()));
    }

    /**
     * Round robin from {@code counter}, skipping queues of {@code avoidBroker} (the broker that just
     * failed) when another broker has queues.
     */
    public static MessageQueue roundRobin(List<MessageQueue> queues, int counter, String avoidBroker) {
        Checks.argument(!queues.isEmpty(), "no queues to select from");
        if (avoidBroker != null) {
            for (int i = 0; i < queues.size(); i++) {
                MessageQueue candidate = queues.get(Math.floorMod(counter + i, queues.size()));
                if (!candidate.brokerName().equals(avoidBroker)) {
                    return candidate;
                }
            }
        }
        return queues.get(Math.floorMod(counter, queues.size()));
    }
}
