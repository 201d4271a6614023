package io.sluice.mq.broker.topic;

import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.body.DataVersion;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.store.MetadataFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's topics and their queue counts and permissions, with a version that changes on every
 * change (nameservers and admin tools compare it). Persisted under the store root as a {@link
 * MetadataFile} (payload version 1: the JSON of {@link TopicConfigTable}), written before a change
 * becomes visible, so a topic a producer was told about survives a crash.
 *
 * <p>Thread-safe: lookups read a concurrent map without locking (they are on the send and pull
 * paths); changes serialize on a private lock, which is also held while the file is written (topic
 * changes are rare). A listener registered with {@link #onChange} runs after each change, on the
 * changing thread.
 */
public final class TopicTable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTable.class);
    private static final short FORMAT_VERSION = 1;

    private final MetadataFile file;
    private final Clock clock;
    private final ConcurrentHashMap<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final ReentrantLock changeLock = new ReentrantLock();
    private volatile DataVersion version;
    private volatile Runnable changeListener = () -> {};

    private TopicTable(MetadataFile file, Clock clock, TopicConfigTable loaded) {
        this.file = file;
        this.clock = clock;
        this.topics.putAll(loaded.topics());
        this.version = loaded.dataVersion();
    }

    /** Loads the table from {@code file}, or starts empty if the file does not exist yet. */
    public static TopicTable load(MetadataFile file, Clock clock) throws IOException {
        Optional<ByteBuffer> payload = file.read(FORMAT_VERSION);
        TopicConfigTable loaded = payload.isPresent()
                ? TopicConfigTable.fromJson(Json.parseObject(
                        StandardCharsets.UTF_8.decode(payload.get()).toString()))
                : new TopicConfigTable(new DataVersion(0, clock.nowMs()), Map.of());
        LOG.info("loaded {} topics from {}", loaded.topics().size(), file.path());
        return new TopicTable(file, clock, loaded);
    }

    /** Sets the one listener told after every change (the nameserver registration). */
    public void onChange(Runnable listener) {
        this.changeListener = listener;
    }

    /** The topic's configuration, or null if the broker does not have it. */
    public TopicConfig get(String topic) {
        return topics.get(topic);
    }

    /** Every topic with the table's version. */
    public TopicConfigTable snapshot() {
        changeLock.lock();
        try {
            return new TopicConfigTable(version, new HashMap<>(topics));
        } finally {
            changeLock.unlock();
        }
    }

    /**
     * Adds {@code config} unless its topic exists.
     *
     * @return the topic's configuration now in the table (the existing one if there was one)
     * @throws UncheckedIOException if the table could not be persisted; nothing changed then
     */
    public TopicConfig putIfAbsent(TopicConfig config) {
        TopicConfig existing = topics.get(config.topicName());
        if (existing != null) {
            return existing;
        }
        changeLock.lock();
        try {
            existing = topics.get(config.topicName());
            if (existing != null) {
                return existing;
            }
            apply(config.topicName(), config);
        } finally {
            changeLock.unlock();
        }
        LOG.info("created topic {}", config);
        changeListener.run();
        return config;
    }

    /**
     * Creates or replaces {@code config}.
     *
     * @throws UncheckedIOException if the table could not be persisted; nothing changed then
     */
    public void put(TopicConfig config) {
        changeLock.lock();
        try {
            if (config.equals(topics.get(config.topicName()))) {
                return;
            }
            apply(config.topicName(), config);
        } finally {
            changeLock.unlock();
        }
        LOG.info("created or updated topic {}", config);
        changeListener.run();
    }

    /**
     * Removes {@code topic}.
     *
     * @return whether it existed
     * @throws UncheckedIOException if the table could not be persisted; nothing changed then
     */
    public boolean remove(String topic) {
        changeLock.lock();
        try {
            if (!topics.containsKey(topic)) {
                return false;
            }
            apply(topic, null);
        } finally {
            changeLock.unlock();
        }
        LOG.info("removed topic {}", topic);
        changeListener.run();
        return true;
    }

    /** Persists the table with {@code topic} set to {@code config} (or removed), then publishes it. */
    private void apply(String topic, TopicConfig config) {
        Map<String, TopicConfig> next = new HashMap<>(topics);
        if (config == null) {
            next.remove(topic);
        } else {
            next.put(topic, config);
        }
        DataVersion nextVersion = version.next(clock.nowMs());
        try {
            file.write(FORMAT_VERSION, new TopicConfigTable(nextVersion, next).encode());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the topic table to " + file.path(), e);
        }
        if (config == null) {
            topics.remove(topic);
        } else {
            topics.put(topic, config);
        }
        version = nextVersion;
    }
}
