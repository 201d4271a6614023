package io.sluice.mq.store.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** A {@link StorageFile} that passes every call to another one; see {@link ForwardingStorage}. */
public class ForwardingStorageFile implements StorageFile {

    protected final StorageFile delegate;

    public ForwardingStorageFile(StorageFile delegate) {
        this.delegate = delegate;
    }

    @Override
    public Path path() {
        return delegate.path();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        delegate.write(src, position);
    }

    @Override
    public void force() throws IOException {
        delegate.force();
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public void truncate(long sizeBytes) throws IOException {
        delegate.truncate(sizeBytes);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
