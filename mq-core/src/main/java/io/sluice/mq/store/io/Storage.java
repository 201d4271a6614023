package io.sluice.mq.store.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file-system operations the store uses, and nothing more, so tests can substitute a simulated
 * disk that models crashes ({@code SimStorage}) or injects faults ({@code FaultyStorage}).
 *
 * <p>Durability contract (what a crash may undo): file contents per {@link StorageFile#force}; the
 * creation, deletion and renaming of directory entries until {@link #syncDirectory} of the parent
 * returns. Implementations are thread-safe.
 */
public interface Storage {

    /** Opens an existing file for reading and writing; fails if it does not exist. */
    StorageFile open(Path path) throws IOException;

    /** Opens a file for reading and writing, creating it empty if it does not exist. */
    StorageFile openOrCreate(Path path) throws IOException;

    /** Whether a file or directory exists at {@code path}. */
    boolean exists(Path path);

    /** The regular files and directories directly inside {@code dir}, sorted by name; empty if none. */
    List<Path> list(Path dir) throws IOException;

    /** Creates {@code dir} and any missing parents. */
    void createDirectories(Path dir) throws IOException;

    /** Deletes a file or an empty directory; does nothing if it does not exist. */
    void deleteIfExists(Path path) throws IOException;

    /** Renames {@code source} to {@code target} atomically, replacing {@code target}. */
    void atomicMove(Path source, Path target) throws IOException;

    /** Makes creations, deletions and renames inside {@code dir} durable. */
    void syncDirectory(Path dir) throws IOException;

    /** When the file was last written, in epoch milliseconds. */
    long lastModifiedMs(Path path) throws IOException;

    /** Space on the device holding {@code path}. */
    DiskUsage diskUsage(Path path) throws IOException;
}
