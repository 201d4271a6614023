package io.sluice.mq.store.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a {@link Storage} and fails one chosen operation deterministically: the N-th write, force
 * or truncate of a file whose name contains a given text, or the N-th rename. Everything else
 * passes through. Thread-safe.
 */
public final class FaultyStorage implements Storage {

    /** Operations that can be made to fail. */
    public enum Operation {
        WRITE,
        FORCE,
        TRUNCATE,
        RENAME
    }

    private final Storage delegate;
    private volatile Operation failing;
    private volatile String nameContains = "";
    private volatile IOException error;
    private final AtomicInteger countdown = new AtomicInteger(-1);

    public FaultyStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /** Makes the {@code nth} (1-based) {@code operation} on a matching file throw {@code failure}, once. */
    public void failNth(Operation operation, String fileNameContains, int nth, IOException failure) {
        this.failing = operation;
        this.nameContains = fileNameContains;
        this.error = failure;
        this.countdown.set(nth);
    }

    private void maybeFail(Operation operation, Path path) throws IOException {
        if (operation == failing
                && path.toString().contains(nameContains)
                && countdown.get() > 0
                && countdown.decrementAndGet() == 0) {
            throw error;
        }
    }

    @Override
    public StorageFile open(Path path) throws IOException {
        return new FaultyFile(delegate.open(path));
    }

    @Override
    public StorageFile openOrCreate(Path path) throws IOException {
        return new FaultyFile(delegate.openOrCreate(path));
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
        maybeFail(Operation.RENAME, target);
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

    private final class FaultyFile implements StorageFile {
        private final StorageFile file;

        FaultyFile(StorageFile file) {
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
            maybeFail(Operation.WRITE, file.path());
            file.write(src, position);
        }

        @Override
        public void force() throws IOException {
            maybeFail(Operation.FORCE, file.path());
            file.force();
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            maybeFail(Operation.TRUNCATE, file.path());
            file.truncate(sizeBytes);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
