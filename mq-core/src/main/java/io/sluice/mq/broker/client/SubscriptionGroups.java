package io.sluice.mq.broker.client;

import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer groups this broker knows, with their settings. A group exists once a member's
 * heartbeat or pull created it (with {@code autoCreateSubscriptionGroup}, RocketMQ's defaults) or an
 * administrator created it (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP); pulls for unknown groups are
 * refused. Kept in memory only: clients re-create their groups with the heartbeat that follows a
 * restart.
 *
 * <p>Thread-safe. {@code autoCreate} may change at run time (UPDATE_BROKER_CONFIG).
 */
public final class SubscriptionGroups {

    private volatile boolean autoCreate;
    private final ConcurrentHashMap<String, SubscriptionGroupConfig> groups = new ConcurrentHashMap<>();

    /** @param autoCreate whether an unknown group is created on first use */
    public SubscriptionGroups(boolean autoCreate) {
        this.autoCreate = autoCreate;
    }

    /** Whether {@code group} exists now, creating it first if auto-creation is on. */
    public boolean ensure(String group) {
        if (groups.containsKey(group)) {
            return true;
        }
        if (!autoCreate) {
            return false;
        }
        groups.putIfAbsent(group, SubscriptionGroupConfig.defaults(group));
        return true;
    }

    /** Creates {@code group} with RocketMQ's defaults unless it exists. */
    public void create(String group) {
        groups.putIfAbsent(group, SubscriptionGroupConfig.defaults(group));
    }

    /** Creates or replaces a group's settings (an administrator's request). */
    public void put(SubscriptionGroupConfig config) {
        groups.put(config.groupName(), config);
    }

    /** Removes {@code group}; returns whether it existed. */
    public boolean remove(String group) {
        return groups.remove(group) != null;
    }

    /** Whether {@code group} exists. */
    public boolean exists(String group) {
        return groups.containsKey(group);
    }

    /** The group's settings, or null. */
    public SubscriptionGroupConfig get(String group) {
        return groups.get(group);
    }

    /** Every group's settings, sorted by name. */
    public List<SubscriptionGroupConfig> all() {
        return groups.values().stream()
                .sorted((a, b) -> a.groupName().compareTo(b.groupName()))
                .toList();
    }

    /** Turns auto-creation on or off from now on. */
    public void autoCreate(boolean value) {
        this.autoCreate = value;
    }

    public boolean autoCreate() {
        return autoCreate;
    }
}
