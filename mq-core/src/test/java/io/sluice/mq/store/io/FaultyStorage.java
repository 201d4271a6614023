package io.sluice.mq.store.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a {@link Storage} and fails one chosen operation deterministically: the N-th write, force
 * or truncate of a file whose name contains a given text, or the N-th rename. Everything else
 * passes through. Thread-safe.
 */
public final class FaultyStorage extends ForwardingStorage {

    /** Operations that can be made to fail. */
    public enum Operation {
        WRITE,
        FORCE,
        TRUNCATE,
        RENAME
    }

    private volatile Operation failing;
    private volatile String nameContains = "";
    private volatile IOException error;
    private final AtomicInteger countdown = new AtomicInteger(-1);

    public FaultyStorage(Storage delegate) {
        super(delegate);
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
    protected StorageFile onOpen(StorageFile file) {
        return new ForwardingStorageFile(file) {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                maybeFail(Operation.WRITE, path());
                super.write(src, position);
            }

            @Override
            public void force() throws IOException {
                maybeFail(Operation.FORCE, path());
                super.force();
            }

            @Override
            public void truncate(long sizeBytes) throws IOException {
                maybeFail(Operation.TRUNCATE, path());
                super.truncate(sizeBytes);
            }
        };
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        maybeFail(Operation.RENAME, target);
        super.atomicMove(source, target);
    }
}
