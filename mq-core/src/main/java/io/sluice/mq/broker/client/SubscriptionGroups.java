package io.sluice.mq.broker.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer groups this broker knows. A group exists once a member's heartbeat or pull created
 * it (with {@code autoCreateSubscriptionGroup}); pulls for unknown groups are refused. Kept in
 * memory only: clients re-create their groups with the heartbeat that follows a restart.
 *
 * <p>Thread-safe.
 */
public final class SubscriptionGroups {

    private final boolean autoCreate;
    private final Set<String> groups = ConcurrentHashMap.newKeySet();

    /** @param autoCreate whether an unknown group is created on first use */
    public SubscriptionGroups(boolean autoCreate) {
        this.autoCreate = autoCreate;
    }

    /** Whether {@code group} exists now, creating it first if auto-creation is on. */
    public boolean ensure(String group) {
        if (groups.contains(group)) {
            return true;
        }
        if (!autoCreate) {
            return false;
        }
        groups.add(group);
        return true;
    }

    /** Creates {@code group} (an administrator's request). */
    public void create(String group) {
        groups.add(group);
    }

    /** Whether {@code group} exists. */
    public boolean exists(String group) {
        return groups.contains(group);
    }
}
