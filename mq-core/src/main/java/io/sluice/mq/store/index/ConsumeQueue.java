package io.sluice.mq.store.index;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MqException;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.io.OffsetFileName;
import io.sluice.mq.store.io.Storage;
import io.sluice.mq.store.io.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The index of one queue: entry {@code i} locates the record with queue offset {@code i} in the
 * commit log. Files {@code consumequeue/<topic>/<queueId>/<20-digit base offset>} hold a fixed
 * number of entries each.
 *
 * <pre>
 * entry (20 bytes, big-endian): logPosition int64 | size int32 | tagHash int64
 * </pre>
 *
 * <p>Derived data, with no checksum: the dispatcher writes it from the commit log, and after an
 * unclean shutdown recovery truncates it to the last dispatch checkpoint and re-derives the rest.
 *
 * <p>Thread-safe for one writer (the dispatcher, or recovery before it starts) and any number of
 * readers. Entries are published through the volatile {@link #nextOffset()} only after their bytes
 * are written, and only when the dispatcher says so ({@link #publish()}): bytes may be written
 * ahead of publication, so a unit larger than the entry buffer still appears to readers at once.
 * The file list is an immutable snapshot.
 */
public final class ConsumeQueue {

    /** Bytes per entry. */
    public static final int ENTRY_BYTES = 20;

    private static final int PENDING_ENTRIES = 256;

    /** One located record. */
    public record Entry(long queueOffset, long logPosition, int size, long tagHash) {}

    private record QueueFile(long baseOffset, StorageFile file) {}

    private final Storage storage;
    private final Path directory;
    private final TopicQueue queue;
    private final int entriesPerFile;
    private final ByteBuffer pending = ByteBuffer.allocate(PENDING_ENTRIES * ENTRY_BYTES);
    private volatile List<QueueFile> files;
    private volatile long nextOffset;
    private volatile long minOffset;
    /** One past the last entry written to a file, published or not. Dispatcher thread. */
    private long writtenOffset;

    private long pendingCount;
    private boolean createdSinceForce;
    private final List<StorageFile> dirty = new ArrayList<>();
    private final List<StorageFile> retired = new ArrayList<>();
    /** Serializes changes to {@link #files} by the dispatcher (new files) and the cleaner (deletions). */
    private final ReentrantLock filesLock = new ReentrantLock();

    private ConsumeQueue(Storage storage, Path directory, TopicQueue queue, int entriesPerFile, List<QueueFile> files) {
        this.storage = storage;
        this.directory = directory;
        this.queue = queue;
        this.entriesPerFile = entriesPerFile;
        this.files = List.copyOf(files);
    }

    /** Opens (or creates, empty) the queue stored in {@code directory}. */
    static ConsumeQueue open(Storage storage, Path directory, TopicQueue queue, int entriesPerFile) throws IOException {
        storage.createDirectories(directory);
        List<QueueFile> opened = new ArrayList<>();
        for (Path path : storage.list(directory)) {
            opened.add(new QueueFile(OffsetFileName.parse(path, "consume-queue"), storage.open(path)));
        }
        ConsumeQueue consumeQueue = new ConsumeQueue(storage, directory, queue, entriesPerFile, opened);
        consumeQueue.nextOffset = consumeQueue.lastWrittenOffset();
        consumeQueue.writtenOffset = consumeQueue.nextOffset;
        consumeQueue.minOffset =
                opened.isEmpty() ? consumeQueue.nextOffset : opened.get(0).baseOffset();
        return consumeQueue;
    }

    private long lastWrittenOffset() throws IOException {
        List<QueueFile> current = files;
        if (current.isEmpty()) {
            return 0;
        }
        QueueFile last = current.get(current.size() - 1);
        return last.baseOffset() + last.file().size() / ENTRY_BYTES;
    }

    public TopicQueue queue() {
        return queue;
    }

    /** The offset the next dispatched record will get: one past the last readable entry. */
    public long nextOffset() {
        return nextOffset;
    }

    /** The smallest offset still readable. */
    public long minOffset() {
        return minOffset;
    }

    /**
     * Buffers one entry. Dispatcher thread. The first entry of an empty queue may start anywhere
     * (a rebuild after retention); afterwards offsets must be consecutive.
     */
    void add(long queueOffset, long logPosition, int size, long tagHash) throws IOException {
        long expected = writtenOffset + pendingCount;
        boolean empty = expected == minOffset && files.isEmpty();
        Checks.state(
                queueOffset == expected || (empty && queueOffset > expected),
                "queue %s: dispatched offset %s but expected %s",
                queue,
                queueOffset,
                expected);
        if (empty && queueOffset > expected) {
            writtenOffset = queueOffset;
            nextOffset = queueOffset;
            minOffset = queueOffset;
        }
        if (!pending.hasRemaining()) {
            writePending();
        }
        pending.putLong(logPosition).putInt(size).putLong(tagHash);
        pendingCount++;
    }

    /** Writes buffered entries to their files and publishes every written entry to readers. Dispatcher thread. */
    void publish() throws IOException {
        writePending();
        nextOffset = writtenOffset;
    }

    /** Writes buffered entries to their files without publishing them. Dispatcher thread. */
    private void writePending() throws IOException {
        if (pendingCount == 0) {
            return;
        }
        pending.flip();
        long offset = writtenOffset;
        while (pending.hasRemaining()) {
            QueueFile target = fileFor(offset);
            long inFile = Math.min(pending.remaining() / ENTRY_BYTES, target.baseOffset() + entriesPerFile - offset);
            ByteBuffer slice = pending.duplicate();
            slice.limit(slice.position() + (int) inFile * ENTRY_BYTES);
            target.file().write(slice, (offset - target.baseOffset()) * ENTRY_BYTES);
            if (!dirty.contains(target.file())) {
                dirty.add(target.file());
            }
            pending.position(slice.limit());
            offset += inFile;
        }
        pending.clear();
        pendingCount = 0;
        writtenOffset = offset;
    }

    private QueueFile fileFor(long offset) throws IOException {
        List<QueueFile> current = files;
        if (!current.isEmpty()) {
            QueueFile last = current.get(current.size() - 1);
            if (offset >= last.baseOffset() && offset < last.baseOffset() + entriesPerFile) {
                return last;
            }
        }
        long base = offset - offset % entriesPerFile;
        QueueFile created = new QueueFile(base, storage.openOrCreate(directory.resolve(OffsetFileName.of(base))));
        filesLock.lock();
        try {
            List<QueueFile> next = new ArrayList<>(files);
            next.add(created);
            files = List.copyOf(next);
        } finally {
            filesLock.unlock();
        }
        createdSinceForce = true;
        return created;
    }

    /** Makes every written entry durable, including new files' directory entries. Dispatcher thread. */
    void force() throws IOException {
        for (StorageFile file : dirty) {
            file.force();
        }
        dirty.clear();
        if (createdSinceForce) {
            storage.syncDirectory(directory);
            createdSinceForce = false;
        }
    }

    /** Drops every entry at or after {@code offset}. Recovery only, before dispatching starts. */
    void truncateTo(long offset) throws IOException {
        List<QueueFile> kept = new ArrayList<>();
        for (QueueFile queueFile : files) {
            if (queueFile.baseOffset() >= offset) {
                queueFile.file().close();
                storage.deleteIfExists(queueFile.file().path());
            } else {
                long keepBytes = Math.min(offset - queueFile.baseOffset(), entriesPerFile) * ENTRY_BYTES;
                if (queueFile.file().size() > keepBytes) {
                    queueFile.file().truncate(keepBytes);
                    queueFile.file().force();
                }
                kept.add(queueFile);
            }
        }
        files = List.copyOf(kept);
        storage.syncDirectory(directory);
        long written = lastWrittenOffset();
        if (written < offset && !kept.isEmpty()) {
            throw new MqException("consume queue " + queue + " in " + directory + " holds entries up to " + written
                    + " but the dispatch checkpoint says " + offset);
        }
        nextOffset = offset;
        writtenOffset = offset;
        minOffset = kept.isEmpty() ? offset : Math.min(minOffset, offset);
    }

    /** Reads up to {@code maxEntries} entries from {@code fromOffset}, within one file. */
    public List<Entry> read(long fromOffset, int maxEntries) throws IOException {
        long end = Math.min(nextOffset, fromOffset + maxEntries);
        List<Entry> entries = new ArrayList<>();
        if (fromOffset < minOffset || fromOffset >= end) {
            return entries;
        }
        QueueFile source = locate(fromOffset);
        if (source == null) {
            return entries;
        }
        end = Math.min(end, source.baseOffset() + entriesPerFile);
        ByteBuffer bytes = ByteBuffer.allocate((int) (end - fromOffset) * ENTRY_BYTES);
        source.file().readFully(bytes, (fromOffset - source.baseOffset()) * ENTRY_BYTES);
        bytes.flip();
        for (long offset = fromOffset; offset < end; offset++) {
            entries.add(new Entry(offset, bytes.getLong(), bytes.getInt(), bytes.getLong()));
        }
        return entries;
    }

    /** The entry at {@code offset}, or null if it is outside [min, next). */
    public Entry entry(long offset) throws IOException {
        List<Entry> one = read(offset, 1);
        return one.isEmpty() ? null : one.get(0);
    }

    private QueueFile locate(long offset) {
        for (QueueFile queueFile : files) {
            if (offset >= queueFile.baseOffset() && offset < queueFile.baseOffset() + entriesPerFile) {
                return queueFile;
            }
        }
        return null;
    }

    /**
     * Deletes whole files whose entries all point below {@code minLogPosition} (the commit log's
     * oldest byte) and advances {@link #minOffset()} past expired entries. Cleaner thread; never
     * deletes the newest file.
     *
     * @return how many files were deleted
     */
    int deleteExpired(long minLogPosition) throws IOException {
        // Files removed by the previous pass are closed now, so a reader that held one has finished.
        for (StorageFile file : retired) {
            file.close();
        }
        retired.clear();
        int deleted = 0;
        while (files.size() > 1) {
            QueueFile oldest = files.get(0);
            long lastOffset = oldest.baseOffset() + entriesPerFile - 1;
            Entry last = readEntryIn(oldest, lastOffset);
            if (last.logPosition() >= minLogPosition) {
                break;
            }
            filesLock.lock();
            try {
                List<QueueFile> current = files;
                files = List.copyOf(current.subList(1, current.size()));
                minOffset = Math.max(minOffset, files.get(0).baseOffset());
            } finally {
                filesLock.unlock();
            }
            storage.deleteIfExists(oldest.file().path());
            retired.add(oldest.file());
            deleted++;
        }
        advanceMinOffset(minLogPosition);
        return deleted;
    }

    private void advanceMinOffset(long minLogPosition) throws IOException {
        long low = minOffset;
        long high = nextOffset;
        while (low < high) {
            long mid = (low + high) >>> 1;
            Entry entry = entry(mid);
            if (entry != null && entry.logPosition() < minLogPosition) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        minOffset = low;
    }

    private Entry readEntryIn(QueueFile queueFile, long offset) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(ENTRY_BYTES);
        queueFile.file().readFully(bytes, (offset - queueFile.baseOffset()) * ENTRY_BYTES);
        bytes.flip();
        return new Entry(offset, bytes.getLong(), bytes.getInt(), bytes.getLong());
    }

    /** Closes every file. */
    void close() throws IOException {
        for (QueueFile queueFile : files) {
            queueFile.file().close();
        }
        for (StorageFile file : retired) {
            file.close();
        }
    }
}
