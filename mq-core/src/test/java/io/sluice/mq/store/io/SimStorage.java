package io.sluice.mq.store.io;

import io.sluice.mq.common.Clock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory disk that keeps durable state apart from pending state, so a test can crash it
 * exactly where the store's durability contract says data may be lost.
 *
 * <ul>
 *   <li>File contents: writes and truncates are pending until {@code force()} of that file.
 *   <li>Names: creating, deleting and renaming a file are pending until {@code syncDirectory} of
 *       its parent. Directories themselves are durable when created.
 *   <li>{@link #crash(Random, double)} rebuilds every durable name with its durable contents plus
 *       a random subset of its pending 4 KiB pages (in order), optionally tearing or bit-flipping
 *       the last page kept, then drops everything else. Handles opened before the crash fail.
 * </ul>
 *
 * <p>Thread-safe: one lock guards everything (tests care about determinism, not speed).
 */
public final class SimStorage implements Storage {

    static final int PAGE_BYTES = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final long capacityBytes;
    private final TreeSet<Path> directories = new TreeSet<>();
    private Map<Path, Inode> names = new HashMap<>();
    private Map<Path, Inode> durableNames = new HashMap<>();
    private int generation;

    public SimStorage(Clock clock, long capacityBytes) {
        this.clock = clock;
        this.capacityBytes = capacityBytes;
    }

    /** One file's contents; {@code durable} is what survives a crash with nothing pending kept. */
    private static final class Inode {
        byte[] current = new byte[0];
        int currentSize;
        byte[] durable = new byte[0];
        int durableSize;
        long modifiedMs;
        final List<Op> pending = new ArrayList<>();
    }

    /** A pending write (data != null) or truncate (data == null, position = new size). */
    private record Op(long position, byte[] data) {}

    private static Path key(Path path) {
        return path.toAbsolutePath().normalize();
    }

    @Override
    public StorageFile open(Path path) throws IOException {
        lock.lock();
        try {
            Inode inode = names.get(key(path));
            if (inode == null) {
                throw new FileNotFoundException(path.toString());
            }
            return new SimFile(key(path), inode, generation);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StorageFile openOrCreate(Path path) throws IOException {
        lock.lock();
        try {
            Path k = key(path);
            if (!directories.contains(k.getParent())) {
                throw new FileNotFoundException("no directory " + k.getParent());
            }
            Inode inode = names.computeIfAbsent(k, p -> new Inode());
            inode.modifiedMs = clock.nowMs();
            return new SimFile(k, inode, generation);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean exists(Path path) {
        lock.lock();
        try {
            Path k = key(path);
            return names.containsKey(k) || directories.contains(k);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Path> list(Path dir) {
        lock.lock();
        try {
            Path k = key(dir);
            TreeSet<Path> entries = new TreeSet<>();
            for (Path name : names.keySet()) {
                if (k.equals(name.getParent())) {
                    entries.add(name);
                }
            }
            for (Path directory : directories) {
                if (k.equals(directory.getParent())) {
                    entries.add(directory);
                }
            }
            return new ArrayList<>(entries);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void createDirectories(Path dir) {
        lock.lock();
        try {
            for (Path p = key(dir); p != null; p = p.getParent()) {
                directories.add(p);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deleteIfExists(Path path) {
        lock.lock();
        try {
            names.remove(key(path));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        lock.lock();
        try {
            Inode inode = names.remove(key(source));
            if (inode == null) {
                throw new FileNotFoundException(source.toString());
            }
            names.put(key(target), inode);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void syncDirectory(Path dir) {
        lock.lock();
        try {
            Path k = key(dir);
            durableNames.keySet().removeIf(name -> k.equals(name.getParent()) && !names.containsKey(name));
            for (Map.Entry<Path, Inode> entry : names.entrySet()) {
                if (k.equals(entry.getKey().getParent())) {
                    durableNames.put(entry.getKey(), entry.getValue());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastModifiedMs(Path path) throws IOException {
        lock.lock();
        try {
            Inode inode = names.get(key(path));
            if (inode == null) {
                throw new FileNotFoundException(path.toString());
            }
            return inode.modifiedMs;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DiskUsage diskUsage(Path path) {
        lock.lock();
        try {
            long used = 0;
            for (Inode inode : names.values()) {
                used += inode.currentSize;
            }
            return new DiskUsage(capacityBytes, Math.max(0, capacityBytes - used));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Simulates power loss: keeps durable names and contents plus a random subset of pending pages.
     *
     * @param random the seeded source of every choice
     * @param keepPageProbability chance that each pending page survives
     */
    public void crash(Random random, double keepPageProbability) {
        lock.lock();
        try {
            generation++;
            Map<Path, Inode> survivors = new HashMap<>();
            Map<Inode, Inode> rebuilt = new HashMap<>();
            for (Map.Entry<Path, Inode> entry : durableNames.entrySet()) {
                Inode after =
                        rebuilt.computeIfAbsent(entry.getValue(), old -> survive(old, random, keepPageProbability));
                survivors.put(entry.getKey(), after);
            }
            names = survivors;
            durableNames = new HashMap<>(survivors);
        } finally {
            lock.unlock();
        }
    }

    private static Inode survive(Inode old, Random random, double keepPageProbability) {
        Inode after = new Inode();
        after.modifiedMs = old.modifiedMs;
        byte[] content = Arrays.copyOf(old.durable, old.durableSize);
        int size = old.durableSize;
        int lastKeptAt = -1;
        int lastKeptLength = 0;
        for (Op op : old.pending) {
            if (op.data() == null) {
                if (random.nextBoolean() && op.position() < size) {
                    Arrays.fill(content, (int) op.position(), size, (byte) 0);
                    size = (int) op.position();
                }
                continue;
            }
            int start = (int) op.position();
            int end = start + op.data().length;
            for (int pageStart = start - start % PAGE_BYTES; pageStart < end; pageStart += PAGE_BYTES) {
                int from = Math.max(start, pageStart);
                int to = Math.min(end, pageStart + PAGE_BYTES);
                if (random.nextDouble() >= keepPageProbability) {
                    continue;
                }
                if (to > content.length) {
                    content = Arrays.copyOf(content, Math.max(to, content.length * 2));
                }
                System.arraycopy(op.data(), from - start, content, from, to - from);
                size = Math.max(size, to);
                lastKeptAt = from;
                lastKeptLength = to - from;
            }
        }
        if (lastKeptAt >= 0 && random.nextInt(4) == 0) {
            if (random.nextBoolean()) {
                // Torn: only a prefix of the last page reached the disk.
                int keep = random.nextInt(lastKeptLength);
                if (lastKeptAt + lastKeptLength == size) {
                    size = lastKeptAt + keep;
                }
            } else {
                int at = lastKeptAt + random.nextInt(lastKeptLength);
                content[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        after.current = Arrays.copyOf(content, Math.max(size, 16));
        after.currentSize = size;
        after.durable = Arrays.copyOf(after.current, after.current.length);
        after.durableSize = size;
        return after;
    }

    /** Overwrites bytes of a file as both current and durable state; for corruption tests. */
    public void corrupt(Path path, long position, byte[] bytes) throws IOException {
        lock.lock();
        try {
            Inode inode = names.get(key(path));
            if (inode == null) {
                throw new FileNotFoundException(path.toString());
            }
            for (int i = 0; i < bytes.length; i++) {
                int at = (int) position + i;
                if (at < inode.currentSize) {
                    inode.current[at] = bytes[i];
                }
                if (at < inode.durableSize) {
                    inode.durable[at] = bytes[i];
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private final class SimFile implements StorageFile {
        private final Path path;
        private final Inode inode;
        private final int openedGeneration;
        private boolean closed;

        SimFile(Path path, Inode inode, int openedGeneration) {
            this.path = path;
            this.inode = inode;
            this.openedGeneration = openedGeneration;
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("closed: " + path);
            }
            if (openedGeneration != generation) {
                throw new IOException("handle from before a simulated crash: " + path);
            }
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            lock.lock();
            try {
                ensureOpen();
                if (position >= inode.currentSize) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), inode.currentSize - position);
                dst.put(inode.current, (int) position, n);
                return n;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            lock.lock();
            try {
                ensureOpen();
                byte[] data = new byte[src.remaining()];
                src.get(data);
                int end = (int) position + data.length;
                if (end > inode.current.length) {
                    inode.current = Arrays.copyOf(inode.current, Math.max(end, inode.current.length * 2));
                }
                if (position > inode.currentSize) {
                    Arrays.fill(inode.current, inode.currentSize, (int) position, (byte) 0);
                }
                System.arraycopy(data, 0, inode.current, (int) position, data.length);
                inode.currentSize = Math.max(inode.currentSize, end);
                inode.pending.add(new Op(position, data));
                inode.modifiedMs = clock.nowMs();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void force() throws IOException {
            lock.lock();
            try {
                ensureOpen();
                inode.durable = Arrays.copyOf(inode.current, inode.current.length);
                inode.durableSize = inode.currentSize;
                inode.pending.clear();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long size() throws IOException {
            lock.lock();
            try {
                ensureOpen();
                return inode.currentSize;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            lock.lock();
            try {
                ensureOpen();
                if (sizeBytes < inode.currentSize) {
                    Arrays.fill(inode.current, (int) sizeBytes, inode.currentSize, (byte) 0);
                    inode.currentSize = (int) sizeBytes;
                    inode.pending.add(new Op(sizeBytes, null));
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
