package io.sluice.mq.store;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.HostAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Immutable configuration of one {@link FileMessageStore}. Keys follow RocketMQ's broker.conf names
 * where the meaning is the same; {@link Builder#build()} rejects bad values naming the key.
 *
 * @param rootDir {@code storePathRootDir}: the store's directory
 * @param segmentSizeBytes {@code mappedFileSizeCommitLog}: size of one commit-log segment file
 * @param consumeQueueFileEntries entries per consume-queue file ({@code mappedFileSizeConsumeQueue}/20)
 * @param maxMessageSizeBytes {@code maxMessageSize}: largest body accepted
 * @param flushMode {@code flushDiskType}
 * @param flushInterval {@code flushIntervalCommitLog}: fsync period in {@link FlushMode#ASYNC_FLUSH}
 * @param fileReservedTime {@code fileReservedTime}: age after which a sealed segment may be deleted
 * @param deleteInterval {@code deleteCommitLogFilesInterval}: minimum pause between two deletions
 * @param diskMaxUsedSpaceRatio {@code diskMaxUsedSpaceRatio}: above it, retention deletes the oldest
 *     sealed segment even if it has not expired (logged at WARN)
 * @param diskSpaceWarningLevelRatio {@code diskSpaceWarningLevelRatio}: above it, appends are refused
 * @param indexHashSlots hash slots per key-index file ({@code maxHashSlotNum})
 * @param indexMaxEntries entries per key-index file ({@code maxIndexNum})
 * @param appendQueueCapacity appends waiting for the writer thread before callers get "busy"
 * @param writeBufferBytes bytes the writer encodes before one write call
 * @param dispatchCheckpointInterval how often derived files are made durable and checkpointed
 * @param storeHost the broker address written into every record
 */
public record StoreConfig(
        Path rootDir,
        int segmentSizeBytes,
        int consumeQueueFileEntries,
        int maxMessageSizeBytes,
        FlushMode flushMode,
        Duration flushInterval,
        Duration fileReservedTime,
        Duration deleteInterval,
        double diskMaxUsedSpaceRatio,
        double diskSpaceWarningLevelRatio,
        int indexHashSlots,
        int indexMaxEntries,
        int appendQueueCapacity,
        int writeBufferBytes,
        Duration dispatchCheckpointInterval,
        HostAddress storeHost) {

    /** A builder with RocketMQ's defaults, rooted at {@code rootDir}. */
    public static Builder builder(Path rootDir) {
        return new Builder(rootDir);
    }

    /** Largest record the codec can produce for this config's limits. */
    public int maxRecordSizeBytes() {
        return maxMessageSizeBytes + 2 * Short.MAX_VALUE + 256;
    }

    /** Collects settings; not thread-safe. */
    public static final class Builder {
        private final Path rootDir;
        private int segmentSizeBytes = 1 << 30;
        private int consumeQueueFileEntries = 300_000;
        private int maxMessageSizeBytes = 4 * 1024 * 1024;
        private FlushMode flushMode = FlushMode.ASYNC_FLUSH;
        private Duration flushInterval = Duration.ofMillis(500);
        private Duration fileReservedTime = Duration.ofHours(72);
        private Duration deleteInterval = Duration.ofMillis(100);
        private double diskMaxUsedSpaceRatio = 0.75;
        private double diskSpaceWarningLevelRatio = 0.90;
        private int indexHashSlots = 5_000_000;
        private int indexMaxEntries = 20_000_000;
        private int appendQueueCapacity = 16_384;
        private int writeBufferBytes = 8 * 1024 * 1024;
        private Duration dispatchCheckpointInterval = Duration.ofSeconds(1);
        private HostAddress storeHost = HostAddress.loopback(10911);

        private Builder(Path rootDir) {
            this.rootDir = Checks.notNull(rootDir, "storePathRootDir");
        }

        public Builder segmentSizeBytes(int value) {
            this.segmentSizeBytes = value;
            return this;
        }

        public Builder consumeQueueFileEntries(int value) {
            this.consumeQueueFileEntries = value;
            return this;
        }

        public Builder maxMessageSizeBytes(int value) {
            this.maxMessageSizeBytes = value;
            return this;
        }

        public Builder flushMode(FlushMode value) {
            this.flushMode = Checks.notNull(value, "flushDiskType");
            return this;
        }

        public Builder flushInterval(Duration value) {
            this.flushInterval = Checks.notNull(value, "flushIntervalCommitLog");
            return this;
        }

        public Builder fileReservedTime(Duration value) {
            this.fileReservedTime = Checks.notNull(value, "fileReservedTime");
            return this;
        }

        public Builder deleteInterval(Duration value) {
            this.deleteInterval = Checks.notNull(value, "deleteCommitLogFilesInterval");
            return this;
        }

        public Builder diskMaxUsedSpaceRatio(double value) {
            this.diskMaxUsedSpaceRatio = value;
            return this;
        }

        public Builder diskSpaceWarningLevelRatio(double value) {
            this.diskSpaceWarningLevelRatio = value;
            return this;
        }

        public Builder indexHashSlots(int value) {
            this.indexHashSlots = value;
            return this;
        }

        public Builder indexMaxEntries(int value) {
            this.indexMaxEntries = value;
            return this;
        }

        public Builder appendQueueCapacity(int value) {
            this.appendQueueCapacity = value;
            return this;
        }

        public Builder writeBufferBytes(int value) {
            this.writeBufferBytes = value;
            return this;
        }

        public Builder dispatchCheckpointInterval(Duration value) {
            this.dispatchCheckpointInterval = Checks.notNull(value, "dispatchCheckpointInterval");
            return this;
        }

        public Builder storeHost(HostAddress value) {
            this.storeHost = Checks.notNull(value, "storeHost");
            return this;
        }

        /** Validates every key and builds the config. */
        public StoreConfig build() {
            Checks.argument(maxMessageSizeBytes >= 1, "maxMessageSize must be >= 1, was %s", maxMessageSizeBytes);
            StoreConfig config = new StoreConfig(
                    rootDir,
                    segmentSizeBytes,
                    consumeQueueFileEntries,
                    maxMessageSizeBytes,
                    flushMode,
                    flushInterval,
                    fileReservedTime,
                    deleteInterval,
                    diskMaxUsedSpaceRatio,
                    diskSpaceWarningLevelRatio,
                    indexHashSlots,
                    indexMaxEntries,
                    appendQueueCapacity,
                    writeBufferBytes,
                    dispatchCheckpointInterval,
                    storeHost);
            int maxRecord = config.maxRecordSizeBytes();
            Checks.argument(
                    segmentSizeBytes >= 2 * maxRecord,
                    "mappedFileSizeCommitLog must be >= %s (twice the largest record for maxMessageSize=%s), was %s",
                    2 * maxRecord,
                    maxMessageSizeBytes,
                    segmentSizeBytes);
            Checks.argument(
                    writeBufferBytes >= maxRecord,
                    "writeBufferBytes must be >= %s (the largest record), was %s",
                    maxRecord,
                    writeBufferBytes);
            Checks.argument(
                    consumeQueueFileEntries >= 1,
                    "consumeQueueFileEntries must be >= 1, was %s",
                    consumeQueueFileEntries);
            Checks.argument(
                    ratio(diskMaxUsedSpaceRatio),
                    "diskMaxUsedSpaceRatio must be in (0, 1], was %s",
                    diskMaxUsedSpaceRatio);
            Checks.argument(
                    ratio(diskSpaceWarningLevelRatio),
                    "diskSpaceWarningLevelRatio must be in (0, 1], was %s",
                    diskSpaceWarningLevelRatio);
            Checks.argument(indexHashSlots >= 1, "maxHashSlotNum must be >= 1, was %s", indexHashSlots);
            Checks.argument(indexMaxEntries >= 1, "maxIndexNum must be >= 1, was %s", indexMaxEntries);
            Checks.argument(appendQueueCapacity >= 1, "appendQueueCapacity must be >= 1, was %s", appendQueueCapacity);
            Checks.argument(
                    !flushInterval.isNegative() && !flushInterval.isZero(),
                    "flushIntervalCommitLog must be positive, was %s",
                    flushInterval);
            return config;
        }

        private static boolean ratio(double value) {
            return value > 0 && value <= 1;
        }
    }
}
