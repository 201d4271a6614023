package io.sluice.samples.flink;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.common.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Creates the sample's topics and waits, bounded, until the nameserver routes all their queues;
 * waits until a topic's queues index a number of messages. Stateless.
 */
final class Topics {

    private static final long ROUTE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Topics() {}

    /**
     * Creates each topic with its number of queues.
     *
     * @throws IllegalStateException if a route does not show every queue within 30 s
     */
    static void create(MqClient client, Clock clock, Map<String, Integer> queuesByTopic) {
        queuesByTopic.forEach(client.admin()::createTopic);
        long deadline = clock.nanoTime() + ROUTE_TIMEOUT_NANOS;
        for (Map.Entry<String, Integer> topic : queuesByTopic.entrySet()) {
            // The broker registers a new topic with the nameserver asynchronously (usually well
            // within a second); the source and sink look the route up when they start.
            while (client.admin().queues(topic.getKey()).size() < topic.getValue()) {
                if (clock.nanoTime() > deadline) {
                    throw new IllegalStateException("the route of topic '" + topic.getKey() + "' does not show its "
                            + topic.getValue() + " queues after 30 s");
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    /**
     * Waits until {@code topic}'s queues together hold at least {@code expected} messages, or
     * {@code timeoutNanos} pass, and returns how many they hold. Needed because the broker
     * acknowledges a write once it is in the commit log and indexes it into the consume queue
     * right after: a bounded read's "latest at start" or a read-back taken in between would miss it.
     */
    static long awaitMessages(MqClient client, Clock clock, String topic, long expected, long timeoutNanos) {
        long deadline = clock.nanoTime() + timeoutNanos;
        long stored = stored(client, topic);
        while (stored < expected && clock.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
            stored = stored(client, topic);
        }
        return stored;
    }

    private static long stored(MqClient client, String topic) {
        return client.admin().queues(topic).stream()
                .mapToLong(queue ->
                        client.admin().maxOffset(queue) - client.admin().minOffset(queue))
                .sum();
    }
}
