package io.sluice.mq.broker.client;

import io.sluice.mq.protocol.body.SubscriptionData;
import io.sluice.mq.remoting.RemoteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A consumer group as its members' heartbeats describe it: how it consumes, its live connections
 * and the subscriptions last reported. Immutable: the registry replaces the whole value on every
 * change, so the pull path reads subscriptions without locking.
 *
 * @param group the consumer group
 * @param consumeType CONSUME_ACTIVELY (pull) or CONSUME_PASSIVELY (push)
 * @param messageModel CLUSTERING or BROADCASTING
 * @param consumeFromWhere where a queue without a committed offset starts
 * @param channels members by connection
 * @param subscriptions subscriptions by topic
 */
public record ConsumerGroupInfo(
        String group,
        String consumeType,
        String messageModel,
        String consumeFromWhere,
        Map<RemoteChannel, ClientChannel> channels,
        Map<String, SubscriptionData> subscriptions) {

    public ConsumerGroupInfo {
        channels = Map.copyOf(channels);
        subscriptions = Map.copyOf(subscriptions);
    }

    /** The group's subscription of {@code topic}, or null. */
    public SubscriptionData subscription(String topic) {
        return subscriptions.get(topic);
    }

    /** Distinct client ids of the members, sorted. */
    public List<String> clientIds() {
        TreeSet<String> ids = new TreeSet<>();
        for (ClientChannel client : channels.values()) {
            ids.add(client.clientId());
        }
        return new ArrayList<>(ids);
    }
}
