package io.sluice.mq.store.log;

import io.sluice.mq.store.io.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One commit-log segment file: the bytes of the log from {@link #basePosition()} up to (not
 * including) {@code basePosition + segmentSize}. The file is named by its base position in 20
 * zero-padded digits, so name order is log order. The file is not preallocated; its size is the
 * number of bytes written.
 *
 * <p>Thread-safe: positional reads may run concurrently with the single writer's appends.
 */
public final class Segment {

    private final long basePosition;
    private final StorageFile file;

    Segment(long basePosition, StorageFile file) {
        this.basePosition = basePosition;
        this.file = file;
    }

    /** The file name for a segment starting at {@code basePosition}. */
    public static String fileName(long basePosition) {
        return io.sluice.mq.store.io.OffsetFileName.of(basePosition);
    }

    /** The log position of the segment's first byte. */
    public long basePosition() {
        return basePosition;
    }

    /** The segment's file path. */
    public Path path() {
        return file.path();
    }

    /** The file, for reads; callers never close it. */
    StorageFile file() {
        return file;
    }

    /** Bytes written so far, durable or not. */
    public long sizeBytes() throws IOException {
        return file.size();
    }

    /** Reads into {@code dst} from {@code relativePosition}; -1 at end of file. */
    public int read(ByteBuffer dst, long relativePosition) throws IOException {
        return file.read(dst, relativePosition);
    }

    /**
     * A read-only view of {@code length} written bytes at {@code relativePosition} without a copy,
     * or null when the file offers none there (see {@link StorageFile#view}).
     */
    public ByteBuffer view(long relativePosition, int length) throws IOException {
        return file.view(relativePosition, length);
    }

    /** Fills {@code dst} from {@code relativePosition}, or throws {@link java.io.EOFException}. */
    public void readFully(ByteBuffer dst, long relativePosition) throws IOException {
        file.readFully(dst, relativePosition);
    }

    void write(ByteBuffer src, long relativePosition) throws IOException {
        file.write(src, relativePosition);
    }

    void force() throws IOException {
        file.force();
    }

    void truncate(long relativePosition) throws IOException {
        file.truncate(relativePosition);
    }

    void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return file.path().toString();
    }
}
