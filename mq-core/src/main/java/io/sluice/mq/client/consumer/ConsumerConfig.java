package io.sluice.mq.client.consumer;

import io.sluice.mq.common.Checks;
import java.time.Duration;

/**
 * Settings of one {@link Consumer}. Immutable; build with {@link #builder(String)}.
 *
 * @param group the consumer group (offsets and, in subscribe mode, membership)
 * @param pullBatchSize most messages per pull (maxMsgNums)
 * @param pullSuspend how long the broker may hold a pull at the end of a queue (at most 20 s)
 * @param maxBufferedPerQueue fetched but not yet polled messages per queue before pulls pause
 * @param maxPollRecords most messages one poll returns
 * @param offsetReset what to do without a position or when out of range
 * @param startPosition subscribe mode: where queues without a committed offset start
 * @param autoCommitInterval how often poll commits positions; zero disables auto-commit (and the
 *     commit on close)
 * @param errorBackoff pause of a queue after a failed pull
 */
public record ConsumerConfig(
        String group,
        int pullBatchSize,
        Duration pullSuspend,
        int maxBufferedPerQueue,
        int maxPollRecords,
        OffsetResetStrategy offsetReset,
        StartPosition startPosition,
        Duration autoCommitInterval,
        Duration errorBackoff) {

    /** Longest long-poll hold accepted; the pull's call timeout is this plus 10 s. */
    public static final Duration MAX_SUSPEND = Duration.ofSeconds(20);

    public ConsumerConfig {
        Checks.argument(group != null && !group.isBlank(), "group must not be blank");
        Checks.argument(
                pullBatchSize > 0 && pullBatchSize <= 1024, "pullBatchSize in [1, 1024], was %s", pullBatchSize);
        Checks.argument(
                !pullSuspend.isNegative() && pullSuspend.compareTo(MAX_SUSPEND) <= 0,
                "pullSuspend in [0, 20 s], was %s",
                pullSuspend);
        Checks.argument(maxBufferedPerQueue >= pullBatchSize, "maxBufferedPerQueue must be >= pullBatchSize");
        Checks.argument(maxPollRecords > 0, "maxPollRecords must be > 0");
        Checks.notNull(offsetReset, "offsetReset");
        Checks.notNull(startPosition, "startPosition");
        Checks.argument(!autoCommitInterval.isNegative(), "autoCommitInterval must be >= 0");
        Checks.argument(!errorBackoff.isNegative(), "errorBackoff must be >= 0");
    }

    /** A builder with defaults: 32 per pull, 20 s suspend, 1024 buffered, 500 per poll, LATEST, no auto-commit. */
    public static Builder builder(String group) {
        return new Builder(group);
    }

    /** Builds {@link ConsumerConfig}s. Not thread-safe. */
    public static final class Builder {
        private final String group;
        private int pullBatchSize = 32;
        private Duration pullSuspend = MAX_SUSPEND;
        private int maxBufferedPerQueue = 1024;
        private int maxPollRecords = 500;
        private OffsetResetStrategy offsetReset = OffsetResetStrategy.LATEST;
        private StartPosition startPosition = StartPosition.last();
        private Duration autoCommitInterval = Duration.ZERO;
        private Duration errorBackoff = Duration.ofSeconds(1);

        private Builder(String group) {
            this.group = group;
        }

        public Builder pullBatchSize(int value) {
            this.pullBatchSize = value;
            return this;
        }

        public Builder pullSuspend(Duration value) {
            this.pullSuspend = value;
            return this;
        }

        public Builder maxBufferedPerQueue(int value) {
            this.maxBufferedPerQueue = value;
            return this;
        }

        public Builder maxPollRecords(int value) {
            this.maxPollRecords = value;
            return this;
        }

        public Builder offsetReset(OffsetResetStrategy value) {
            this.offsetReset = value;
            return this;
        }

        public Builder startPosition(StartPosition value) {
            this.startPosition = value;
            return this;
        }

        public Builder autoCommitInterval(Duration value) {
            this.autoCommitInterval = value;
            return this;
        }

        public Builder errorBackoff(Duration value) {
            this.errorBackoff = value;
            return this;
        }

        public ConsumerConfig build() {
            return new ConsumerConfig(
                    group,
                    pullBatchSize,
                    pullSuspend,
                    maxBufferedPerQueue,
                    maxPollRecords,
                    offsetReset,
                    startPosition,
                    autoCommitInterval,
                    errorBackoff);
        }
    }
}
