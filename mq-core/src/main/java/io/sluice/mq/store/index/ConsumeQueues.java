package io.sluice.mq.store.index;

import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.io.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every {@link ConsumeQueue} of the store, under {@code consumequeue/<topic>/<queueId>/}.
 *
 * <p>Thread-safe: queues are created by the dispatcher and looked up by readers through a
 * concurrent map.
 */
public final class ConsumeQueues {

    private final Storage storage;
    private final Path directory;
    private final int entriesPerFile;
    private final ConcurrentHashMap<TopicQueue, ConsumeQueue> queues = new ConcurrentHashMap<>();

    private ConsumeQueues(Storage storage, Path directory, int entriesPerFile) {
        this.storage = storage;
        this.directory = directory;
        this.entriesPerFile = entriesPerFile;
    }

    /** Opens every queue found on disk. */
    static ConsumeQueues open(Storage storage, Path directory, int entriesPerFile) throws IOException {
        ConsumeQueues all = new ConsumeQueues(storage, directory, entriesPerFile);
        storage.createDirectories(directory);
        for (Path topicDir : storage.list(directory)) {
            String topic = topicDir.getFileName().toString();
            for (Path queueDir : storage.list(topicDir)) {
                TopicQueue queue = new TopicQueue(
                        topic, Integer.parseInt(queueDir.getFileName().toString()));
                all.queues.put(queue, ConsumeQueue.open(storage, queueDir, queue, entriesPerFile));
            }
        }
        return all;
    }

    /** The queue, or null if nothing was ever dispatched to it. */
    public ConsumeQueue get(TopicQueue queue) {
        return queues.get(queue);
    }

    /** The queue, created empty if needed. Dispatcher thread. */
    ConsumeQueue getOrCreate(TopicQueue queue) throws IOException {
        ConsumeQueue existing = queues.get(queue);
        if (existing != null) {
            return existing;
        }
        Path queueDir = directory.resolve(queue.topic()).resolve(Integer.toString(queue.queueId()));
        ConsumeQueue created = ConsumeQueue.open(storage, queueDir, queue, entriesPerFile);
        queues.put(queue, created);
        return created;
    }

    /** Every queue. */
    public Collection<ConsumeQueue> all() {
        return queues.values();
    }

    /** Each queue's next offset, for the dispatch checkpoint. */
    Map<TopicQueue, Long> nextOffsets() {
        Map<TopicQueue, Long> offsets = new LinkedHashMap<>();
        for (ConsumeQueue queue : queues.values()) {
            offsets.put(queue.queue(), queue.nextOffset());
        }
        return offsets;
    }

    /**
     * Truncates every queue to the checkpoint; queues the checkpoint does not name lose all
     * entries. A null checkpoint (full rebuild) empties every queue. Recovery only.
     */
    void truncateTo(Map<TopicQueue, Long> nextOffsets) throws IOException {
        List<TopicQueue> names = new ArrayList<>(queues.keySet());
        for (TopicQueue name : names) {
            Long keep = nextOffsets == null ? null : nextOffsets.get(name);
            queues.get(name).truncateTo(keep == null ? 0 : keep);
        }
        if (nextOffsets != null) {
            for (Map.Entry<TopicQueue, Long> entry : nextOffsets.entrySet()) {
                if (!queues.containsKey(entry.getKey())) {
                    getOrCreate(entry.getKey()).truncateTo(entry.getValue());
                }
            }
        }
    }

    void close() throws IOException {
        for (ConsumeQueue queue : queues.values()) {
            queue.close();
        }
    }
}
