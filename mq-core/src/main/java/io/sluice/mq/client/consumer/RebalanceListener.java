package io.sluice.mq.client.consumer;

import io.sluice.mq.common.MessageQueue;
import java.util.Collection;
import java.util.Map;

/**
 * Told when a subscribing consumer's queues change. Called on the thread that calls {@link
 * Consumer#poll}, inside it: revoked queues first (their offsets are committed right after the
 * callback returns), then the newly assigned ones.
 */
public interface RebalanceListener {

    /** {@code queues} are no longer this consumer's. */
    default void onRevoked(Collection<MessageQueue> queues) {}

    /** {@code queues} are newly this consumer's. */
    default void onAssigned(Collection<MessageQueue> queues) {}

    /**
     * An admin reset the group's offsets (RESET_CONSUMER_CLIENT_OFFSET): {@code offsets} of
     * assigned queues were sought to and committed; buffered messages of those queues were dropped.
     */
    default void onOffsetsReset(Map<MessageQueue, Long> offsets) {}
}
