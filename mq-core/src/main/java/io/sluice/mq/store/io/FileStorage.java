package io.sluice.mq.store.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * {@link Storage} on the real file system through {@link FileChannel}. Files offer {@link
 * StorageFile#view views} of their written bytes through read-only memory mappings in fixed,
 * aligned windows: a window is mapped the first time a view inside it is asked for once the file
 * has grown past its end, so the still-growing tail is read with {@code pread} instead. Writes
 * always go through the channel; on Linux the page cache keeps mappings and writes coherent.
 * Thread-safe.
 */
public final class FileStorage implements Storage {

    /** Default mapping window: 64 per 1 GiB segment. */
    public static final int DEFAULT_MAP_WINDOW_BYTES = 16 * 1024 * 1024;

    private final int mapWindowBytes;

    /** Files with read views in windows of {@value #DEFAULT_MAP_WINDOW_BYTES} bytes. */
    public FileStorage() {
        this(DEFAULT_MAP_WINDOW_BYTES);
    }

    /**
     * Files with read views in windows of {@code mapWindowBytes}; 0 offers no views (every read
     * is a {@code pread}).
     */
    public FileStorage(int mapWindowBytes) {
        if (mapWindowBytes < 0) {
            throw new IllegalArgumentException("mapWindowBytes must be >= 0, was " + mapWindowBytes);
        }
        this.mapWindowBytes = mapWindowBytes;
    }

    @Override
    public StorageFile open(Path path) throws IOException {
        return new ChannelFile(
                path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE), mapWindowBytes);
    }

    @Override
    public StorageFile openOrCreate(Path path) throws IOException {
        return new ChannelFile(
                path,
                FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE),
                mapWindowBytes);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> stream = Files.list(dir)) {
            stream.forEach(entries::add);
        }
        entries.sort(null);
        return entries;
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        // Opening a directory for READ and calling force() is how the JDK reaches fsync(dirfd) on
        // Linux; it is what makes a rename or a new segment file survive a power loss.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public long lastModifiedMs(Path path) throws IOException {
        return Files.getLastModifiedTime(path).toMillis();
    }

    @Override
    public DiskUsage diskUsage(Path path) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new NoSuchFileException(path.toString());
        }
        FileStore store = Files.getFileStore(existing);
        return new DiskUsage(store.getTotalSpace(), store.getUsableSpace());
    }

    /**
     * A {@link StorageFile} over one {@link FileChannel} (itself thread-safe), with read-only
     * mapping windows for {@link #view}. Windows are published through a volatile copy-on-write
     * array and created under a lock, so concurrent readers map each window once. A mapping is
     * released by the garbage collector when no view of it is left, never explicitly: a view
     * handed to the network must stay readable until it is written.
     */
    private static final class ChannelFile implements StorageFile {
        private static final MappedByteBuffer[] NO_WINDOWS = new MappedByteBuffer[0];

        private final Path path;
        private final FileChannel channel;
        private final int windowBytes;
        private final ReentrantLock mapLock = new ReentrantLock();
        private volatile MappedByteBuffer[] windows = NO_WINDOWS;

        ChannelFile(Path path, FileChannel channel, int windowBytes) {
            this.path = path;
            this.channel = channel;
            this.windowBytes = windowBytes;
        }

        @Override
        public ByteBuffer view(long position, int length) throws IOException {
            if (windowBytes == 0 || length <= 0 || position < 0) {
                return null;
            }
            long index = position / windowBytes;
            int offset = (int) (position - index * windowBytes);
            if (index >= Integer.MAX_VALUE || offset + (long) length > windowBytes) {
                return null; // crosses a window boundary
            }
            MappedByteBuffer[] current = windows;
            MappedByteBuffer window = index < current.length ? current[(int) index] : null;
            if (window == null) {
                window = map((int) index);
                if (window == null) {
                    return null;
                }
            }
            return window.slice(offset, length);
        }

        /** Maps window {@code index} if the file already covers all of it; else null. */
        private MappedByteBuffer map(int index) throws IOException {
            long start = (long) index * windowBytes;
            mapLock.lock();
            try {
                MappedByteBuffer[] current = windows;
                if (index < current.length && current[index] != null) {
                    return current[index];
                }
                if (!channel.isOpen() || channel.size() < start + windowBytes) {
                    return null;
                }
                MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, start, windowBytes);
                MappedByteBuffer[] next = Arrays.copyOf(current, Math.max(current.length, index + 1));
                next[index] = window;
                windows = next;
                return window;
            } finally {
                mapLock.unlock();
            }
        }

        /** Forgets the windows at or past {@code sizeBytes}, which must no longer be viewed. */
        private void dropWindowsFrom(long sizeBytes) {
            mapLock.lock();
            try {
                MappedByteBuffer[] current = windows;
                int keep = windowBytes == 0 ? 0 : (int) Math.min(current.length, sizeBytes / windowBytes);
                windows = keep == current.length ? current : Arrays.copyOf(current, keep);
            } finally {
                mapLock.unlock();
            }
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            long at = position;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        }

        @Override
        public void force() throws IOException {
            channel.force(false);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            dropWindowsFrom(sizeBytes);
            channel.truncate(sizeBytes);
        }

        @Override
        public void close() throws IOException {
            dropWindowsFrom(0);
            channel.close();
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
