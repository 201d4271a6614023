package io.sluice.mq.store.index;

import io.sluice.mq.common.MqException;
import io.sluice.mq.store.io.OffsetFileName;
import io.sluice.mq.store.io.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Index from message key to commit-log position, for query by key and by unique key. Keys are
 * indexed as {@code topic + "#" + key}; a lookup returns candidates whose hash matches, newest
 * first, and the caller confirms each against the record. Files are {@link IndexFile}s in {@code
 * index/}, named by the log position of their first entry.
 *
 * <p>Thread-safe for one writer (the dispatcher) and concurrent lookups. The file list is an
 * immutable snapshot replaced by the writer and the cleaner.
 */
public final class KeyIndex {

    /** Where the active file stood at a checkpoint: its name and durable entry count. */
    public record Position(long activeBeginLogPosition, int entryCount) {
        /** No index file existed. */
        public static final Position EMPTY = new Position(-1, 0);
    }

    private final Storage storage;
    private final Path directory;
    private final int hashSlots;
    private final int maxEntries;
    private volatile List<IndexFile> files;
    private boolean createdSinceForce;
    /** Serializes changes to {@link #files} by the dispatcher (new files) and the cleaner (deletions). */
    private final ReentrantLock filesLock = new ReentrantLock();

    private KeyIndex(Storage storage, Path directory, int hashSlots, int maxEntries, List<IndexFile> files) {
        this.storage = storage;
        this.directory = directory;
        this.hashSlots = hashSlots;
        this.maxEntries = maxEntries;
        this.files = List.copyOf(files);
    }

    /**
     * Opens the index as of {@code checkpoint}: files before the checkpointed active file are
     * sealed, the active file keeps its checkpointed entries, newer files are deleted. A null
     * checkpoint (full rebuild) deletes every file.
     */
    static KeyIndex open(Storage storage, Path directory, int hashSlots, int maxEntries, Position checkpoint)
            throws IOException {
        storage.createDirectories(directory);
        List<IndexFile> opened = new ArrayList<>();
        for (Path path : storage.list(directory)) {
            long begin = OffsetFileName.parse(path, "index");
            if (checkpoint == null || begin > checkpoint.activeBeginLogPosition()) {
                storage.deleteIfExists(path);
            } else if (begin == checkpoint.activeBeginLogPosition()) {
                opened.add(IndexFile.reopenActive(
                        storage.open(path), begin, hashSlots, maxEntries, checkpoint.entryCount()));
            } else {
                opened.add(IndexFile.openSealed(storage.open(path), begin, hashSlots, maxEntries));
            }
        }
        storage.syncDirectory(directory);
        if (checkpoint != null
                && checkpoint.activeBeginLogPosition() >= 0
                && (opened.isEmpty()
                        || opened.get(opened.size() - 1).beginLogPosition() != checkpoint.activeBeginLogPosition())) {
            throw new MqException("index file " + OffsetFileName.of(checkpoint.activeBeginLogPosition())
                    + " named by the dispatch checkpoint is missing from " + directory);
        }
        return new KeyIndex(storage, directory, hashSlots, maxEntries, opened);
    }

    /** Indexes {@code key} of {@code topic}. Dispatcher thread. */
    void add(String topic, String key, long logPosition, long storeTimestampMs) throws IOException {
        IndexFile active = active();
        if (active == null || active.isFull()) {
            if (active != null) {
                active.seal();
            }
            active = IndexFile.create(
                    storage.openOrCreate(directory.resolve(OffsetFileName.of(logPosition))),
                    logPosition,
                    hashSlots,
                    maxEntries);
            filesLock.lock();
            try {
                List<IndexFile> next = new ArrayList<>(files);
                next.add(active);
                files = List.copyOf(next);
            } finally {
                filesLock.unlock();
            }
            createdSinceForce = true;
        }
        active.add(hash(topic, key), logPosition, storeTimestampMs);
    }

    private IndexFile active() {
        List<IndexFile> current = files;
        return current.isEmpty() ? null : current.get(current.size() - 1);
    }

    /** Publishes buffered entries to lookups. Dispatcher thread. */
    void flushPending() throws IOException {
        IndexFile active = active();
        if (active != null) {
            active.flushPending();
        }
    }

    /** Makes every published entry durable. Dispatcher thread. */
    void force() throws IOException {
        IndexFile active = active();
        if (active != null) {
            active.file().force();
        }
        if (createdSinceForce) {
            storage.syncDirectory(directory);
            createdSinceForce = false;
        }
    }

    /** The active file and its published entry count, for the dispatch checkpoint. */
    Position position() {
        IndexFile active = active();
        return active == null ? Position.EMPTY : new Position(active.beginLogPosition(), active.entryCount());
    }

    /**
     * Candidate log positions for {@code key} of {@code topic} stored within [beginMs, endMs],
     * newest first, at most {@code max}.
     */
    public List<Long> lookup(String topic, String key, long beginMs, long endMs, int max) throws IOException {
        List<Long> positions = new ArrayList<>();
        List<IndexFile> current = files;
        int keyHash = hash(topic, key);
        for (int i = current.size() - 1; i >= 0 && positions.size() < max; i--) {
            current.get(i).lookup(keyHash, beginMs, endMs, max, positions);
        }
        return positions;
    }

    /** Deletes files whose successor starts at or below {@code minLogPosition}. Cleaner thread. */
    int deleteExpired(long minLogPosition) throws IOException {
        int deleted = 0;
        while (files.size() > 1 && files.get(1).beginLogPosition() <= minLogPosition) {
            IndexFile oldest = files.get(0);
            filesLock.lock();
            try {
                List<IndexFile> current = files;
                files = List.copyOf(current.subList(1, current.size()));
            } finally {
                filesLock.unlock();
            }
            oldest.file().close();
            storage.deleteIfExists(oldest.file().path());
            deleted++;
        }
        return deleted;
    }

    void close() throws IOException {
        for (IndexFile file : files) {
            file.file().close();
        }
    }

    /**
     * {@code (topic + "#" + key).hashCode()}, computed without building the string (the dispatcher
     * runs this for every key of every record). The on-disk slots depend on this exact value.
     */
    static int hash(String topic, String key) {
        int h = topic.hashCode() * 31 + '#';
        for (int i = 0; i < key.length(); i++) {
            h = 31 * h + key.charAt(i);
        }
        return h;
    }
}
