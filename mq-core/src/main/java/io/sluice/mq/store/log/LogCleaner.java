package io.sluice.mq.store.log;

import io.sluice.mq.common.Clock;
import io.sluice.mq.store.io.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes the oldest sealed segment when it is older than {@code fileReservedTime}, or
 * when the disk is fuller than {@code diskMaxUsedSpaceRatio}. At most one file per pass and at
 * least {@code deleteCommitLogFilesInterval} between deletions, so deletion never bursts (RocketMQ
 * deletes many files at 04:00 and causes IO spikes). Deleting a segment that has not expired
 * is a policy decision taken under disk pressure: it is logged at WARN and counted.
 *
 * <p>Never deletes the active segment, nor one the dispatch checkpoint has not passed (so recovery
 * can always resume from the checkpoint), nor one that ends above the retention floor (records a
 * component still needs, such as the staged messages of open exactly-once transactions; the
 * floor's owner caps how long it holds a segment back).
 *
 * <p>Confined to the cleaner thread.
 */
public final class LogCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);

    /** What the cleaner needs to know and touch. */
    public record Policy(Duration fileReservedTime, Duration deleteInterval, double diskMaxUsedSpaceRatio) {}

    /** Told after a segment is deleted, with the log's new minimum position. */
    @FunctionalInterface
    public interface DeletionListener {
        void segmentsDeleted(long minLogPosition) throws IOException;
    }

    private final SegmentSet segments;
    private final Storage storage;
    private final Path rootDir;
    private final Clock clock;
    private final Policy policy;
    private final LongSupplier checkpointedPosition;
    private final LongSupplier retentionFloor;
    private final DiskSpaceGate gate;
    private final DeletionListener listener;
    private final AtomicLong deletedSegments = new AtomicLong();
    private final AtomicLong forcedDeletions = new AtomicLong();
    private long lastDeletionNanos;
    private boolean deletedBefore;
    private boolean wasRefusing;

    /**
     * How the cleaner connects to the rest of the store.
     *
     * @param checkpointedPosition the position the last dispatch checkpoint covers
     * @param gate the write gate the cleaner updates from each disk measurement
     * @param listener told after each deletion, to delete derived files
     * @param retentionFloor the lowest log position still needed ({@code Long.MAX_VALUE}: none); a
     *     segment ending above it is kept, even under disk pressure
     */
    public record Hooks(
            LongSupplier checkpointedPosition,
            DiskSpaceGate gate,
            DeletionListener listener,
            LongSupplier retentionFloor) {

        /** Hooks without a retention floor. */
        public Hooks(LongSupplier checkpointedPosition, DiskSpaceGate gate, DeletionListener listener) {
            this(checkpointedPosition, gate, listener, () -> Long.MAX_VALUE);
        }
    }

    public LogCleaner(SegmentSet segments, Storage storage, Path rootDir, Clock clock, Policy policy, Hooks hooks) {
        this.segments = segments;
        this.storage = storage;
        this.rootDir = rootDir;
        this.clock = clock;
        this.policy = policy;
        this.checkpointedPosition = hooks.checkpointedPosition();
        this.gate = hooks.gate();
        this.listener = hooks.listener();
        this.retentionFloor = hooks.retentionFloor();
    }

    /** Segments deleted so far. */
    public long deletedSegments() {
        return deletedSegments.get();
    }

    /** Segments deleted before they expired, because of disk pressure. */
    public long forcedDeletions() {
        return forcedDeletions.get();
    }

    /**
     * One pass: measures the disk, updates the write gate, and deletes at most one segment.
     *
     * @return whether a segment was deleted
     */
    public boolean cleanOnce() throws IOException {
        double used = storage.diskUsage(rootDir).usedRatio();
        boolean refusing = gate.update(used);
        if (refusing != wasRefusing) {
            if (refusing) {
                LOG.warn(
                        "Disk of {} is {}% full: refusing appends until space is freed",
                        rootDir, String.format("%.1f", used * 100));
            } else {
                LOG.info("Disk of {} is {}% full: accepting appends again", rootDir, String.format("%.1f", used * 100));
            }
            wasRefusing = refusing;
        }
        segments.closeRetired();
        long now = clock.nanoTime();
        if (deletedBefore && now - lastDeletionNanos < policy.deleteInterval().toNanos()) {
            return false;
        }
        var all = segments.snapshot();
        if (all.size() <= 1) {
            return false;
        }
        Segment oldest = all.get(0);
        long oldestEnd = oldest.basePosition() + segments.segmentSizeBytes();
        if (oldestEnd > checkpointedPosition.getAsLong()) {
            return false;
        }
        long floor = retentionFloor.getAsLong();
        if (oldestEnd > floor) {
            LOG.debug("Keeping segment {}: the retention floor {} lies inside it", oldest.path(), floor);
            return false;
        }
        long ageMs = clock.nowMs() - storage.lastModifiedMs(oldest.path());
        boolean expired = ageMs >= policy.fileReservedTime().toMillis();
        boolean pressure = used >= policy.diskMaxUsedSpaceRatio();
        if (!expired && !pressure) {
            return false;
        }
        if (!expired) {
            forcedDeletions.incrementAndGet();
            LOG.warn(
                    "Deleting unexpired segment {} (age {} ms < fileReservedTime {} ms) because the disk is "
                            + "{}% full (diskMaxUsedSpaceRatio {}%); consumers that have not read it lose it",
                    oldest.path(),
                    ageMs,
                    policy.fileReservedTime().toMillis(),
                    String.format("%.1f", used * 100),
                    String.format("%.1f", policy.diskMaxUsedSpaceRatio() * 100));
        } else {
            LOG.info("Deleting expired segment {} (age {} ms)", oldest.path(), ageMs);
        }
        segments.removeOldest();
        deletedSegments.incrementAndGet();
        lastDeletionNanos = now;
        deletedBefore = true;
        listener.segmentsDeleted(segments.minPosition());
        return true;
    }
}
