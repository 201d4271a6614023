package io.sluice.mq.store.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link Storage} that passes every call to another one; decorators (fault injection, counting)
 * override only what they change, after Okio's {@code ForwardingFileSystem}. Opened files go
 * through {@link #onOpen}, where a decorator can wrap them in a {@link ForwardingStorageFile}.
 * Thread-safe if the delegate is.
 */
public abstract class ForwardingStorage implements Storage {

    protected final Storage delegate;

    protected ForwardingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /** Decorates each opened file; returns it unchanged by default. */
    protected StorageFile onOpen(StorageFile file) {
        return file;
    }

    @Override
    public StorageFile open(Path path) throws IOException {
        return onOpen(delegate.open(path));
    }

    @Override
    public StorageFile openOrCreate(Path path) throws IOException {
        return onOpen(delegate.openOrCreate(path));
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
}
