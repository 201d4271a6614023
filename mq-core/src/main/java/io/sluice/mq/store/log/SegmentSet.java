package io.sluice.mq.store.log;

import io.sluice.mq.common.MqException;
import io.sluice.mq.store.io.OffsetFileName;
import io.sluice.mq.store.io.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which commit-log segment files exist. Segments are contiguous: each starts where the previous
 * one's fixed-size range ends.
 *
 * <p>Thread-safe. Readers see an immutable snapshot through a volatile field; the two mutators (the
 * writer's {@link #roll} and the cleaner's {@link #removeOldest}) serialize on a private lock.
 * Removed segments stay open until {@link #closeRetired} so a reader holding one can finish.
 */
public final class SegmentSet implements AutoCloseable {

    private final Storage storage;
    private final Path directory;
    private final int segmentSizeBytes;
    private final ReentrantLock mutation = new ReentrantLock();
    private final List<Segment> retired = new ArrayList<>();
    private volatile List<Segment> segments;

    private SegmentSet(Storage storage, Path directory, int segmentSizeBytes, List<Segment> segments) {
        this.storage = storage;
        this.directory = directory;
        this.segmentSizeBytes = segmentSizeBytes;
        this.segments = List.copyOf(segments);
    }

    /**
     * Opens every segment in {@code directory}, creating the directory if needed.
     *
     * @throws MqException if a file name is not a 20-digit position or the segments are not contiguous
     */
    public static SegmentSet open(Storage storage, Path directory, int segmentSizeBytes) throws IOException {
        storage.createDirectories(directory);
        List<Segment> opened = new ArrayList<>();
        long expected = -1;
        for (Path path : storage.list(directory)) {
            long base = OffsetFileName.parse(path, "commit-log");
            if (base % segmentSizeBytes != 0 || (expected >= 0 && base != expected)) {
                closeAll(opened);
                throw new MqException("commit-log segment " + path + " does not follow the previous one: expected "
                        + "base position " + (expected < 0 ? "a multiple of " + segmentSizeBytes : expected)
                        + " (mappedFileSizeCommitLog=" + segmentSizeBytes + ")");
            }
            opened.add(new Segment(base, storage.open(path)));
            expected = base + segmentSizeBytes;
        }
        return new SegmentSet(storage, directory, segmentSizeBytes, opened);
    }

    private static void closeAll(List<Segment> opened) throws IOException {
        for (Segment segment : opened) {
            segment.close();
        }
    }

    /** The fixed size of every segment's position range. */
    public int segmentSizeBytes() {
        return segmentSizeBytes;
    }

    /** The segments, oldest first; an immutable snapshot. */
    public List<Segment> snapshot() {
        return segments;
    }

    /** The newest segment, or null when the log has none. */
    public Segment active() {
        List<Segment> current = segments;
        return current.isEmpty() ? null : current.get(current.size() - 1);
    }

    /** The log position of the oldest byte still stored (0 for an empty log). */
    public long minPosition() {
        List<Segment> current = segments;
        return current.isEmpty() ? 0L : current.get(0).basePosition();
    }

    /** The segment whose range holds {@code logPosition}, or null if none does. */
    public Segment segmentFor(long logPosition) {
        List<Segment> current = segments;
        if (current.isEmpty() || logPosition < current.get(0).basePosition()) {
            return null;
        }
        long index = (logPosition - current.get(0).basePosition()) / segmentSizeBytes;
        return index < current.size() ? current.get((int) index) : null;
    }

    /**
     * Creates the next segment, starting at {@code basePosition}, and makes its directory entry
     * durable. Called by the writer only.
     */
    Segment roll(long basePosition) throws IOException {
        mutation.lock();
        try {
            Segment created =
                    new Segment(basePosition, storage.openOrCreate(directory.resolve(Segment.fileName(basePosition))));
            storage.syncDirectory(directory);
            List<Segment> next = new ArrayList<>(segments);
            next.add(created);
            segments = List.copyOf(next);
            return created;
        } finally {
            mutation.unlock();
        }
    }

    /**
     * Removes the oldest segment and deletes its file. Never removes the only segment. The file
     * handle stays open until {@link #closeRetired}.
     *
     * @return the removed segment, or null if only one remains
     */
    Segment removeOldest() throws IOException {
        mutation.lock();
        try {
            List<Segment> current = segments;
            if (current.size() <= 1) {
                return null;
            }
            Segment oldest = current.get(0);
            segments = List.copyOf(current.subList(1, current.size()));
            retired.add(oldest);
            storage.deleteIfExists(oldest.path());
            storage.syncDirectory(directory);
            return oldest;
        } finally {
            mutation.unlock();
        }
    }

    /** Closes the handles of segments removed earlier; readers must have moved on by now. */
    void closeRetired() throws IOException {
        mutation.lock();
        try {
            closeAll(retired);
            retired.clear();
        } finally {
            mutation.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        mutation.lock();
        try {
            closeAll(segments);
            closeAll(retired);
            retired.clear();
            segments = List.of();
        } finally {
            mutation.unlock();
        }
    }
}
