package io.sluice.mq.store.offset;

import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.store.io.Storage;
import io.sluice.mq.store.io.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A small metadata file replaced atomically: written to {@code <name>.tmp}, forced, renamed over
 * {@code <name>}, then the directory is synced. A crash leaves either the old or the new file,
 * never a mix.
 *
 * <pre>
 * off  size  field
 *   0   4    magic 0x534C434B ("SLCK")
 *   4   2    payload format version (the owner's)
 *   6   4    payload length n
 *  10   n    payload
 * 10+n  4    CRC32C of bytes [0, 10+n)
 * </pre>
 *
 * <p>Thread-safe for one writer at a time per file; the owner serializes its writes.
 */
public final class CheckpointFile {

    private static final int MAGIC = 0x534C434B;
    private static final int HEADER_BYTES = 10;
    private static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

    private final Storage storage;
    private final Path path;

    public CheckpointFile(Storage storage, Path path) {
        this.storage = storage;
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Atomically replaces the file with {@code payload} in format {@code version}. */
    public void write(short version, byte[] payload) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES + payload.length + 4);
        bytes.putInt(MAGIC).putShort(version).putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, bytes.position());
        bytes.putInt((int) crc.getValue());
        bytes.flip();
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try (StorageFile file = storage.openOrCreate(temporary)) {
            file.truncate(0);
            file.write(bytes, 0);
            file.force();
        }
        storage.atomicMove(temporary, path);
        storage.syncDirectory(path.getParent());
    }

    /** A payload and the format version it was written in. */
    public record Versioned(short version, ByteBuffer payload) {}

    /**
     * Reads the payload.
     *
     * @param expectedVersion the only format version the caller understands
     * @return the payload, or empty if the file does not exist
     * @throws CorruptRecordException if the magic, length, version or CRC is wrong
     */
    public Optional<ByteBuffer> read(short expectedVersion) throws IOException {
        return read(expectedVersion, expectedVersion).map(Versioned::payload);
    }

    /**
     * Reads the payload of an owner that understands every format version from {@code oldest} to
     * {@code newest} (it writes the newest, and reads files older builds wrote).
     *
     * @return the payload with its version, or empty if the file does not exist
     * @throws CorruptRecordException if the magic, length or CRC is wrong, or the version is outside
     *     the range
     */
    public Optional<Versioned> read(short oldest, short newest) throws IOException {
        if (!storage.exists(path)) {
            return Optional.empty();
        }
        try (StorageFile file = storage.open(path)) {
            long size = file.size();
            if (size < HEADER_BYTES + 4 || size > HEADER_BYTES + 4 + (long) MAX_PAYLOAD_BYTES) {
                throw new CorruptRecordException(path.toString(), 0, "checkpoint file size " + size + " out of bounds");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            file.readFully(bytes, 0);
            bytes.flip();
            if (bytes.getInt(0) != MAGIC) {
                throw new CorruptRecordException(path.toString(), 0, "bad checkpoint magic");
            }
            int length = bytes.getInt(6);
            if (length != size - HEADER_BYTES - 4) {
                throw new CorruptRecordException(path.toString(), 6, "payload length " + length + " != file size");
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.array(), 0, HEADER_BYTES + length);
            if ((int) crc.getValue() != bytes.getInt(HEADER_BYTES + length)) {
                throw new CorruptRecordException(path.toString(), HEADER_BYTES + length, "checkpoint CRC mismatch");
            }
            short version = bytes.getShort(4);
            if (version < oldest || version > newest) {
                String readable = oldest == newest ? "version " + newest : "versions " + oldest + " to " + newest;
                throw new CorruptRecordException(
                        path.toString(), 4, "unknown format version " + version + ", this build reads " + readable);
            }
            return Optional.of(new Versioned(
                    version,
                    bytes.position(HEADER_BYTES).limit(HEADER_BYTES + length).slice()));
        }
    }
}
