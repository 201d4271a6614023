package io.sluice.mq.broker.client;

import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import io.sluice.mq.store.MetadataFile;
import java.io.IOException;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer groups this broker knows, with their settings. A group exists once a member's
 * heartbeat or pull created it (with {@code autoCreateSubscriptionGroup}, RocketMQ's defaults) or an
 * administrator created it (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP); pulls for unknown groups are
 * refused. Groups an administrator configured are written to a {@link SubscriptionGroupFile} and
 * come back after a restart with their settings; auto-created ones (defaults only) are kept in
 * memory, and clients re-create them with the heartbeat that follows a restart.
 *
 * <p>Thread-safe. {@code autoCreate} may change at run time (UPDATE_BROKER_CONFIG). Administrator
 * changes are serialized on this object, so the file always holds the latest set.
 */
public final class SubscriptionGroups {

    private volatile boolean autoCreate;
    private final ConcurrentHashMap<String, SubscriptionGroupConfig> groups = new ConcurrentHashMap<>();
    /** The administrator-configured groups, as last written to {@link #file}. Guarded by this. */
    private final TreeMap<String, SubscriptionGroupConfig> configured = new TreeMap<>();

    private final SubscriptionGroupFile file;

    private SubscriptionGroups(boolean autoCreate, SubscriptionGroupFile file) {
        this.autoCreate = autoCreate;
        this.file = file;
    }

    /**
     * The groups written to {@code file} (none if it does not exist yet).
     *
     * @param autoCreate whether an unknown group is created on first use
     * @throws IOException if the file cannot be read or is corrupt (naming the file)
     */
    public static SubscriptionGroups load(MetadataFile file, boolean autoCreate) throws IOException {
        SubscriptionGroups groups = new SubscriptionGroups(autoCreate, new SubscriptionGroupFile(file));
        for (SubscriptionGroupConfig config : groups.file.read()) {
            groups.configured.put(config.groupName(), config);
            groups.groups.put(config.groupName(), config);
        }
        return groups;
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

    /**
     * Creates or replaces a group's settings (an administrator's request) and makes them durable.
     *
     * @throws java.io.UncheckedIOException if they could not be written; nothing changed then
     */
    public synchronized void put(SubscriptionGroupConfig config) {
        SubscriptionGroupConfig before = configured.put(config.groupName(), config);
        try {
            file.write(configured.values());
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - undo, then report the write failure
            if (before == null) {
                configured.remove(config.groupName());
            } else {
                configured.put(config.groupName(), before);
            }
            throw e;
        }
        groups.put(config.groupName(), config);
    }

    /**
     * Removes {@code group}, durably if an administrator had configured it; returns whether it
     * existed.
     *
     * @throws java.io.UncheckedIOException if the removal could not be written; nothing changed then
     */
    public synchronized boolean remove(String group) {
        SubscriptionGroupConfig before = configured.remove(group);
        if (before != null) {
            try {
                file.write(configured.values());
            } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - undo, then report the write failure
                configured.put(group, before);
                throw e;
            }
        }
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
