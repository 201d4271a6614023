package io.sluice.mq.broker.client;

import io.sluice.mq.protocol.body.ConsumerData;
import io.sluice.mq.protocol.body.SubscriptionData;
import io.sluice.mq.remoting.RemoteChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who is connected (REMOTING.md 2.6): consumer groups with their member connections, client ids and
 * subscriptions, and producer groups with theirs. Fed by HEART_BEAT and UNREGISTER_CLIENT, trimmed
 * when connections close or fall silent; read by GET_CONSUMER_LIST_BY_GROUP, by pulls that use the
 * registered subscription, and (next) by transaction checks that need a producer connection.
 *
 * <p>Thread-safe. Changes serialize on a private lock and replace immutable {@link
 * ConsumerGroupInfo} values in a concurrent map, so reads never lock. Methods that change a
 * consumer group's membership or subscriptions report it, and the caller notifies the group.
 */
public final class ClientRegistry {

    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<String, ConsumerGroupInfo> consumers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<RemoteChannel, ClientChannel>> producers = new ConcurrentHashMap<>();

    /**
     * Records a consumer group's heartbeat from {@code client}.
     *
     * @return whether the group's members or its set of subscribed topics changed
     */
    public boolean registerConsumer(ConsumerData data, ClientChannel client) {
        lock.lock();
        try {
            ConsumerGroupInfo old = consumers.get(data.groupName());
            Map<RemoteChannel, ClientChannel> channels = old == null ? new HashMap<>() : new HashMap<>(old.channels());
            ClientChannel previous = channels.put(client.channel(), client);
            boolean membersChanged = previous == null || !previous.clientId().equals(client.clientId());
            Map<String, SubscriptionData> subscriptions =
                    old == null ? new HashMap<>() : new HashMap<>(old.subscriptions());
            boolean topicsChanged = mergeSubscriptions(subscriptions, data.subscriptions());
            consumers.put(
                    data.groupName(),
                    new ConsumerGroupInfo(
                            data.groupName(),
                            data.consumeType(),
                            data.messageModel(),
                            data.consumeFromWhere(),
                            channels,
                            subscriptions));
            return membersChanged || topicsChanged;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adopts {@code reported}: new topics are added, a newer {@code subVersion} replaces the old
     * one, topics no longer reported are dropped (RocketMQ's rule; every member of a group is
     * expected to subscribe alike).
     *
     * @return whether the set of topics changed
     */
    private static boolean mergeSubscriptions(Map<String, SubscriptionData> current, List<SubscriptionData> reported) {
        boolean changed = false;
        Set<String> topics = new HashSet<>();
        for (SubscriptionData subscription : reported) {
            topics.add(subscription.topic());
            SubscriptionData old = current.get(subscription.topic());
            if (old == null) {
                current.put(subscription.topic(), subscription);
                changed = true;
            } else if (subscription.subVersion() > old.subVersion()) {
                current.put(subscription.topic(), subscription);
            }
        }
        changed |= current.keySet().retainAll(topics);
        return changed;
    }

    /** Records a producer group's heartbeat from {@code client}. */
    public void registerProducer(String group, ClientChannel client) {
        lock.lock();
        try {
            Map<RemoteChannel, ClientChannel> channels = new HashMap<>(producers.getOrDefault(group, Map.of()));
            channels.put(client.channel(), client);
            producers.put(group, Map.copyOf(channels));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes {@code channel} from consumer group {@code group}.
     *
     * @return whether it was a member
     */
    public boolean unregisterConsumer(String group, RemoteChannel channel) {
        lock.lock();
        try {
            return removeConsumerChannel(group, channel);
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code channel} from producer group {@code group}. */
    public void unregisterProducer(String group, RemoteChannel channel) {
        lock.lock();
        try {
            removeProducerChannel(group, channel);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets {@code channel} everywhere (it closed).
     *
     * @return the consumer groups whose members changed
     */
    public List<String> channelClosed(RemoteChannel channel) {
        lock.lock();
        try {
            List<String> changed = new ArrayList<>();
            for (String group : List.copyOf(consumers.keySet())) {
                if (removeConsumerChannel(group, channel)) {
                    changed.add(group);
                }
            }
            for (String group : List.copyOf(producers.keySet())) {
                removeProducerChannel(group, channel);
            }
            return changed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Finds connections whose last heartbeat is older than {@code timeoutNanos} at {@code nowNanos}
     * and forgets them.
     *
     * @return the expired connections (the caller closes them) and the consumer groups that changed
     */
    public Expired expire(long nowNanos, long timeoutNanos) {
        lock.lock();
        try {
            Set<RemoteChannel> stale = new HashSet<>();
            for (ConsumerGroupInfo info : consumers.values()) {
                collectStale(info.channels(), nowNanos, timeoutNanos, stale);
            }
            for (Map<RemoteChannel, ClientChannel> channels : producers.values()) {
                collectStale(channels, nowNanos, timeoutNanos, stale);
            }
            Set<String> changed = new HashSet<>();
            for (RemoteChannel channel : stale) {
                for (String group : List.copyOf(consumers.keySet())) {
                    ClientChannel client = consumers.get(group).channels().get(channel);
                    if (client != null
                            && nowNanos - client.lastHeartbeatNanos() > timeoutNanos
                            && removeConsumerChannel(group, channel)) {
                        changed.add(group);
                    }
                }
                for (String group : List.copyOf(producers.keySet())) {
                    ClientChannel client = producers.get(group).get(channel);
                    if (client != null && nowNanos - client.lastHeartbeatNanos() > timeoutNanos) {
                        removeProducerChannel(group, channel);
                    }
                }
            }
            // A connection fresh in another group (a client heartbeats all its groups at once, so
            // this is rare) stays open; only connections no group knows any more are closed.
            stale.removeIf(this::known);
            return new Expired(List.copyOf(stale), List.copyOf(changed));
        } finally {
            lock.unlock();
        }
    }

    /**
     * What one expiry scan removed.
     *
     * @param channels connections that fell silent
     * @param changedGroups consumer groups that lost members
     */
    public record Expired(List<RemoteChannel> channels, List<String> changedGroups) {}

    private boolean known(RemoteChannel channel) {
        for (ConsumerGroupInfo info : consumers.values()) {
            if (info.channels().containsKey(channel)) {
                return true;
            }
        }
        for (Map<RemoteChannel, ClientChannel> channels : producers.values()) {
            if (channels.containsKey(channel)) {
                return true;
            }
        }
        return false;
    }

    private static void collectStale(
            Map<RemoteChannel, ClientChannel> channels, long nowNanos, long timeoutNanos, Set<RemoteChannel> out) {
        for (ClientChannel client : channels.values()) {
            if (nowNanos - client.lastHeartbeatNanos() > timeoutNanos) {
                out.add(client.channel());
            }
        }
    }

    private boolean removeConsumerChannel(String group, RemoteChannel channel) {
        ConsumerGroupInfo info = consumers.get(group);
        if (info == null || !info.channels().containsKey(channel)) {
            return false;
        }
        Map<RemoteChannel, ClientChannel> channels = new HashMap<>(info.channels());
        channels.remove(channel);
        if (channels.isEmpty()) {
            consumers.remove(group);
        } else {
            consumers.put(
                    group,
                    new ConsumerGroupInfo(
                            group,
                            info.consumeType(),
                            info.messageModel(),
                            info.consumeFromWhere(),
                            channels,
                            info.subscriptions()));
        }
        return true;
    }

    private void removeProducerChannel(String group, RemoteChannel channel) {
        Map<RemoteChannel, ClientChannel> channels = producers.get(group);
        if (channels == null || !channels.containsKey(channel)) {
            return;
        }
        Map<RemoteChannel, ClientChannel> remaining = new HashMap<>(channels);
        remaining.remove(channel);
        if (remaining.isEmpty()) {
            producers.remove(group);
        } else {
            producers.put(group, Map.copyOf(remaining));
        }
    }

    /** The consumer group, or null if no member is connected. */
    public ConsumerGroupInfo consumerGroup(String group) {
        return consumers.get(group);
    }

    /** Every consumer group with a connected member, a snapshot. */
    public List<ConsumerGroupInfo> consumerGroups() {
        return List.copyOf(consumers.values());
    }

    /** The producer group's live connections (empty if none). */
    public Map<RemoteChannel, ClientChannel> producerGroup(String group) {
        return producers.getOrDefault(group, Map.of());
    }
}
