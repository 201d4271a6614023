package io.sluice.mq.bench;

import io.sluice.mq.store.io.FileStorage;
import io.sluice.mq.store.io.ForwardingStorage;
import io.sluice.mq.store.io.ForwardingStorageFile;
import io.sluice.mq.store.io.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link FileStorage} that counts write calls, bytes written and forces on commit-log files, so a
 * benchmark can say how many appends one fsync covered and how large the writer's writes were.
 * A hand-written decorator (STYLE.md 2.11), thread-safe like the storage it wraps.
 */
final class CountingStorage extends ForwardingStorage {

    private final LongAdder writes = new LongAdder();
    private final LongAdder writtenBytes = new LongAdder();
    private final LongAdder forces = new LongAdder();

    CountingStorage() {
        super(new FileStorage());
    }

    /** Write calls on commit-log segments. */
    long writes() {
        return writes.sum();
    }

    /** Bytes passed to those write calls. */
    long writtenBytes() {
        return writtenBytes.sum();
    }

    /** Forces (fdatasync) of commit-log segments. */
    long forces() {
        return forces.sum();
    }

    /** Sets every counter to zero. */
    void reset() {
        writes.reset();
        writtenBytes.reset();
        forces.reset();
    }

    /** One line for the benchmark log. */
    String summary(double seconds) {
        long w = writes();
        long f = forces();
        return String.format(
                "commit log: %d writes (avg %.1f KiB), %d forces (%.0f/s) in %.1f s",
                w, w == 0 ? 0.0 : writtenBytes() / 1024.0 / w, f, f / seconds, seconds);
    }

    @Override
    protected StorageFile onOpen(StorageFile file) {
        return isCommitLog(file.path()) ? new CountingFile(file) : file;
    }

    private static boolean isCommitLog(Path path) {
        Path parent = path.getParent();
        return parent != null
                && parent.getFileName() != null
                && parent.getFileName().toString().equals("commitlog");
    }

    private final class CountingFile extends ForwardingStorageFile {

        CountingFile(StorageFile file) {
            super(file);
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            writes.increment();
            writtenBytes.add(src.remaining());
            super.write(src, position);
        }

        @Override
        public void force() throws IOException {
            forces.increment();
            super.force();
        }
    }
}
