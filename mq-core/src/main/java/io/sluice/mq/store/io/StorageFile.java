package io.sluice.mq.store.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One open file with positional reads and writes. There is no file pointer: every call names its
 * position, so several threads may read while one thread writes.
 *
 * <p>Durability contract: bytes passed to {@link #write} may be lost on a crash until {@link
 * #force} returns. Implementations must be thread-safe for concurrent positional reads, writes and
 * {@code force}. Closing twice is allowed. The caller that opened the file closes it.
 */
public interface StorageFile extends Closeable {

    /** The path this file was opened at. */
    Path path();

    /**
     * Reads up to {@code dst.remaining()} bytes starting at {@code position}.
     *
     * @return the number of bytes read, or -1 if {@code position} is at or past the end of the file
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src}'s remaining bytes at {@code position}, growing the file if needed. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Makes every completed write durable (fdatasync). A failure is final for this file. */
    void force() throws IOException;

    /** The current size in bytes, including writes that are not yet durable. */
    long size() throws IOException;

    /** Shrinks the file to {@code sizeBytes}; has no effect if the file is already smaller. */
    void truncate(long sizeBytes) throws IOException;

    /**
     * A read-only view of the {@code length} bytes at {@code position} that needs no copy and no
     * system call (a slice of a memory mapping), or null when this file offers none for that
     * range; the caller then reads with {@link #read}. A view stays readable while it is
     * referenced, even after the file is closed or deleted, but only bytes already written may be
     * asked for, and a file must not be truncated below a view that is still in use.
     */
    default ByteBuffer view(long position, int length) throws IOException {
        return null;
    }

    /** Fills {@code dst} completely from {@code position}, or throws {@link EOFException}. */
    default void readFully(ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = read(dst, at);
            if (n < 0) {
                throw new EOFException(
                        "end of " + path() + " at position " + at + ", needed " + dst.remaining() + " more bytes");
            }
            at += n;
        }
    }
}
