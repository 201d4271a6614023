package io.sluice.mq.bench;

import io.sluice.mq.store.io.DiskUsage;
import io.sluice.mq.store.io.FileStorage;
import io.sluice.mq.store.io.Storage;
import io.sluice.mq.store.io.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link FileStorage} that counts write calls, bytes written and forces on commit-log files, so a
 * benchmark can say how many appends one fsync covered and how large the writer's writes were.
 * A hand-written decorator (STYLE.md 2.11), thread-safe like the storage it wraps.
 */
final class CountingStorage implements Storage {

    private final Storage delegate = new FileStorage();
    private final LongAdder writes = new LongAdder();
    private final LongAdder writtenBytes = new LongAdder();
    private final LongAdder forces = new LongAdder();

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

    private StorageFile wrap(Path path, StorageFile file) {
        return isCommitLog(path) ? new CountingFile(file) : file;
    }

    private static boolean isCommitLog(Path path) {
        Path parent = path.getParent();
        return parent != null
                && parent.getFileName() != null
                && parent.getFileName().toString().equals("commitlog");
    }

    @Override
    public StorageFile open(Path path) throws IOException {
        return wrap(path, delegate.open(path));
    }

    @Override
    public StorageFile openOrCreate(Path path) throws IOException {
        return wrap(path, delegate.openOrCreate(path));
    }

    @Override
    public boolean exists(Path path) {
        return delegate.exists(path);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        delegate.createDirectories(dir);
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
        delegate.deleteIfExists(path);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        delegate.atomicMove(source, target);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        delegate.syncDirectory(dir);
    }

    @Override
    public long lastModifiedMs(Path path) throws IOException {
        return delegate.lastModifiedMs(path);
    }

    @Override
    public DiskUsage diskUsage(Path path) throws IOException {
        return delegate.diskUsage(path);
    }

    private final class CountingFile implements StorageFile {
        private final StorageFile file;

        CountingFile(StorageFile file) {
            this.file = file;
        }

        @Override
        public Path path() {
            return file.path();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            writes.increment();
            writtenBytes.add(src.remaining());
            file.write(src, position);
        }

        @Override
        public void force() throws IOException {
            forces.increment();
            file.force();
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            file.truncate(sizeBytes);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
