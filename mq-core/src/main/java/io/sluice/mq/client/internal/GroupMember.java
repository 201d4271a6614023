package io.sluice.mq.client.internal;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.body.ConsumerData;
import io.sluice.mq.protocol.body.ConsumerRunningInfo;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RemoteChannel;
import java.util.Map;
import java.util.Set;

/**
 * A producer or consumer registered with a {@link ClientContext}: what it contributes to
 * heartbeats, which topics it uses (so their brokers get heartbeats) and how it hears that its
 * consumer group changed. Implementations must be thread-safe: these are called from the client's
 * scheduler and notify threads.
 */
public interface GroupMember {

    /** The producer group, or null for consumers. */
    default String producerGroup() {
        return null;
    }

    /** The consumer data for heartbeats, or null for producers. */
    default ConsumerData consumerData() {
        return null;
    }

    /** Topics whose brokers must receive heartbeats for this member. */
    default Set<String> topics() {
        return Set.of();
    }

    /** The broker announced a change of the group's consumers (NOTIFY_CONSUMER_IDS_CHANGED). */
    default void onConsumerIdsChanged() {}

    /**
     * The queues this consumer holds now, for GET_CONSUMER_RUNNING_INFO (an admin asking, through
     * the broker, which client consumes which queue); empty for producers.
     */
    default Map<MessageQueue, ConsumerRunningInfo.QueueInfo> heldQueues() {
        return Map.of();
    }

    /** Periodic rebalance tick (every {@code rebalanceInterval}). */
    default void onRebalanceTick() {}

    /**
     * The broker asks about a transaction of this member's producer group (CHECK_TRANSACTION_STATE,
     * REMOTING.md 2.8), on the client's check thread. The answer, if any, goes back oneway on
     * {@code channel}.
     *
     * @param request the check request (its header names the half message)
     * @param message the half message, addressed to its real topic and queue
     */
    default void onTransactionCheck(RemoteChannel channel, RemotingCommand request, WireMessage message) {}

    /**
     * The broker reset the group's offsets on {@code topic} (RESET_CONSUMER_CLIENT_OFFSET, after an
     * admin's reset by time); {@code offsets} are the new next offsets to read.
     */
    default void onResetOffset(String topic, Map<MessageQueue, Long> offsets) {}
}
