package io.sluice.mq.store.index;

import io.sluice.mq.common.MqException;
import io.sluice.mq.store.io.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One file of the key index: a hash table from key hash to a chain of entries, each pointing at a
 * commit-log record. Named by the log position of the first record it indexes (20 digits).
 *
 * <pre>
 * header (32 bytes): magic 0x534C4958 ("SLIX") int32 | version int32 = 1 | entryCount int32
 *                    (valid once sealed; 0 while active) | reserved int32 | beginLogPosition int64
 *                    | reserved int64
 * slots  (hashSlots x 4 bytes): 1 + number of the newest entry with that slot, or 0
 * entries (maxEntries x 24 bytes): keyHash int32 | previous int32 (1 + entry number, or 0)
 *                    | logPosition int64 | storeTimestampMs int64
 * </pre>
 *
 * <p>Derived data. While active, the slots live in memory and the entry count lives in the
 * dispatch checkpoint; on recovery the slots are rebuilt from the checkpointed entries. Sealing
 * writes slots and count and forces the file before the next file is created.
 *
 * <p>Thread-safe: the dispatcher adds and seals; queries may run concurrently. The active file's
 * slots and published count are guarded by a private lock; a sealed file is immutable.
 */
final class IndexFile {

    static final int HEADER_BYTES = 32;
    static final int ENTRY_BYTES = 24;
    private static final int MAGIC = 0x534C4958;
    private static final int VERSION = 1;

    private final StorageFile file;
    private final long beginLogPosition;
    private final int hashSlots;
    private final int maxEntries;
    private final ReentrantLock lock = new ReentrantLock();
    private int[] slots;
    private int entryCount;
    private final ByteBuffer pending = ByteBuffer.allocate(512 * ENTRY_BYTES);
    private final Map<Integer, Integer> pendingSlots = new HashMap<>();

    private IndexFile(StorageFile file, long beginLogPosition, int hashSlots, int maxEntries) {
        this.file = file;
        this.beginLogPosition = beginLogPosition;
        this.hashSlots = hashSlots;
        this.maxEntries = maxEntries;
    }

    /** A new, empty, active file. */
    static IndexFile create(StorageFile file, long beginLogPosition, int hashSlots, int maxEntries) throws IOException {
        IndexFile index = new IndexFile(file, beginLogPosition, hashSlots, maxEntries);
        index.slots = new int[hashSlots];
        index.writeHeader(0);
        return index;
    }

    /** Reopens a sealed file; its slots stay on disk. */
    static IndexFile openSealed(StorageFile file, long beginLogPosition, int hashSlots, int maxEntries)
            throws IOException {
        IndexFile index = new IndexFile(file, beginLogPosition, hashSlots, maxEntries);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        file.readFully(header, 0);
        if (header.getInt(0) != MAGIC || header.getInt(4) != VERSION) {
            throw new MqException("index file " + file.path() + " has a bad magic or unknown version");
        }
        index.entryCount = header.getInt(8);
        if (index.entryCount <= 0 || index.entryCount > maxEntries) {
            throw new MqException("index file " + file.path() + " is not sealed (entry count " + index.entryCount
                    + "); expected the dispatch checkpoint to name it as active");
        }
        return index;
    }

    /** Reopens the active file with its first {@code entries} entries and rebuilds its slots. */
    static IndexFile reopenActive(StorageFile file, long beginLogPosition, int hashSlots, int maxEntries, int entries)
            throws IOException {
        IndexFile index = new IndexFile(file, beginLogPosition, hashSlots, maxEntries);
        index.slots = new int[hashSlots];
        // Read entries in large blocks: at the default 20M entries, one read per entry took seconds.
        ByteBuffer block = ByteBuffer.allocate(ENTRY_BYTES * 8192);
        for (int first = 0; first < entries; first += 8192) {
            int count = Math.min(8192, entries - first);
            block.clear().limit(count * ENTRY_BYTES);
            file.readFully(block, index.entryPosition(first));
            for (int i = 0; i < count; i++) {
                index.slots[slotOf(block.getInt(i * ENTRY_BYTES), hashSlots)] = first + i + 1;
            }
        }
        index.entryCount = entries;
        index.writeHeader(0);
        file.truncate(index.entryPosition(entries));
        return index;
    }

    long beginLogPosition() {
        return beginLogPosition;
    }

    /** Entries written, including those not yet flushed. */
    int entryCount() {
        return entryCount + pending.position() / ENTRY_BYTES;
    }

    boolean isFull() {
        return entryCount() >= maxEntries;
    }

    StorageFile file() {
        return file;
    }

    /** Buffers one entry. Dispatcher thread; the file must not be full. */
    void add(int keyHash, long logPosition, long storeTimestampMs) throws IOException {
        if (!pending.hasRemaining()) {
            flushPending();
        }
        int number = entryCount();
        int slot = slotOf(keyHash, hashSlots);
        int previous = previousFor(slot);
        pending.putInt(keyHash).putInt(previous).putLong(logPosition).putLong(storeTimestampMs);
        pendingSlots.put(slot, number);
    }

    private int previousFor(int slot) {
        // The newest entry for this slot may still be pending, so look there first.
        Integer pendingNewest = pendingSlots.get(slot);
        return pendingNewest != null ? pendingNewest + 1 : slots[slot];
    }

    /** Writes buffered entries, then publishes them through the slots. Dispatcher thread. */
    void flushPending() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        file.write(pending, entryPosition(entryCount));
        int added = pending.limit() / ENTRY_BYTES;
        pending.clear();
        lock.lock();
        try {
            for (Map.Entry<Integer, Integer> update : pendingSlots.entrySet()) {
                slots[update.getKey()] = update.getValue() + 1;
            }
            entryCount += added;
        } finally {
            lock.unlock();
        }
        pendingSlots.clear();
    }

    /** Writes slots and count and forces the file; it is immutable afterwards. */
    void seal() throws IOException {
        flushPending();
        ByteBuffer slotBytes = ByteBuffer.allocate(hashSlots * 4);
        slotBytes.asIntBuffer().put(slots);
        file.write(slotBytes, HEADER_BYTES);
        writeHeader(entryCount);
        file.force();
        lock.lock();
        try {
            slots = null;
        } finally {
            lock.unlock();
        }
    }

    /** Adds to {@code out} the log positions of entries with {@code keyHash}, newest first. */
    void lookup(int keyHash, long beginMs, long endMs, int max, List<Long> out) throws IOException {
        int slot = slotOf(keyHash, hashSlots);
        int next;
        int visible;
        lock.lock();
        try {
            visible = entryCount;
            next = slots != null ? slots[slot] : readSlot(slot);
        } finally {
            lock.unlock();
        }
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES);
        int steps = 0;
        while (next > 0 && next <= visible && out.size() < max && steps++ < visible) {
            entry.clear();
            file.readFully(entry, entryPosition(next - 1));
            long timestamp = entry.getLong(16);
            if (entry.getInt(0) == keyHash && timestamp >= beginMs && timestamp <= endMs) {
                out.add(entry.getLong(8));
            }
            next = entry.getInt(4);
        }
    }

    private int readSlot(int slot) throws IOException {
        ByteBuffer value = ByteBuffer.allocate(4);
        file.readFully(value, HEADER_BYTES + 4L * slot);
        return value.getInt(0);
    }

    private void writeHeader(int sealedCount) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC)
                .putInt(VERSION)
                .putInt(sealedCount)
                .putInt(0)
                .putLong(beginLogPosition)
                .putLong(0);
        header.flip();
        file.write(header, 0);
    }

    private long entryPosition(int number) {
        return HEADER_BYTES + 4L * hashSlots + (long) ENTRY_BYTES * number;
    }

    static int slotOf(int keyHash, int hashSlots) {
        return Math.floorMod(keyHash, hashSlots);
    }
}
