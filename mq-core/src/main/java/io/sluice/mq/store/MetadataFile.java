package io.sluice.mq.store;

import io.sluice.mq.store.io.Storage;
import io.sluice.mq.store.offset.CheckpointFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A small versioned metadata file next to the store (for example the broker's topic table),
 * replaced atomically: written to a temporary file, forced, renamed over the old one, then the
 * directory is synced, so a crash leaves the old or the new content, never a mix. The payload is
 * framed by a magic, the caller's format version and a CRC32C (the format of {@code
 * docs/design/storage-format.md}, "Checkpoint files"), and a reader rejects versions it does not
 * know.
 *
 * <p>This is the public face of the store's internal checkpoint writer, so code outside the store
 * does not reach into {@code store.offset}.
 *
 * <p>Thread-safe for one writer at a time per file: the owner serializes its writes.
 */
public final class MetadataFile {

    private final CheckpointFile file;

    /**
     * @param storage the file system to use
     * @param path the file; its directory must exist
     */
    public MetadataFile(Storage storage, Path path) {
        this.file = new CheckpointFile(storage, path);
    }

    /** The file's path. */
    public Path path() {
        return file.path();
    }

    /** Atomically replaces the file with {@code payload} in format {@code version}. */
    public void write(short version, byte[] payload) throws IOException {
        file.write(version, payload);
    }

    /**
     * Reads the payload.
     *
     * @param expectedVersion the only format version the caller understands
     * @return the payload, or empty if the file does not exist
     * @throws io.sluice.mq.common.CorruptRecordException if the magic, length, version or CRC is wrong
     */
    public Optional<ByteBuffer> read(short expectedVersion) throws IOException {
        return file.read(expectedVersion);
    }
}
