package io.sluice.connector.flink.source;

import io.sluice.connector.flink.source.enumerator.initializer.StartingOffsets;
import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.connector.flink.source.enumerator.subscriber.QueueSubscriber;
import io.sluice.connector.flink.source.reader.deserializer.SluiceDeserializationSchema;
import io.sluice.mq.client.consumer.MessageSelector;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;

/**
 * Builds a {@link SluiceSource}; {@link #build()} checks everything in one place and names the
 * setting at fault. Required: nameserver addresses, group, topics (list or pattern), deserializer.
 *
 * <p>Defaults: start at the earliest offset, unbounded, every message ({@code *}), discovery every
 * 30 s, removed queues finished, 32 messages per pull, 1024 buffered per queue, 10 fetch retries
 * 1 s apart, 5 s requests, commit on checkpoint, fail on bad records, no rate limit, store time as
 * record timestamp.
 *
 * <p>Not thread-safe.
 */
@PublicEvolving
public final class SluiceSourceBuilder<T> {

    private String namesrvAddresses;
    private String group;
    private QueueSubscriber subscriber;
    private StartingOffsets starting = StartingOffsets.earliest();
    private StoppingOffsets stopping;
    private String selectorType = "TAG";
    private String selectorExpression = "*";
    private Duration discoveryInterval = Duration.ofSeconds(30);
    private RemovedQueuePolicy removedQueuePolicy = RemovedQueuePolicy.FINISH;
    private int pullBatchSize = 32;
    private int maxBufferedPerQueue = 1024;
    private int maxFetchRetries = 10;
    private Duration fetchBackoff = Duration.ofSeconds(1);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private boolean commitOffsetsOnCheckpoint = true;
    private BadRecordPolicy badRecordPolicy = BadRecordPolicy.FAIL;
    private String deadLetterTopic;
    private double recordsPerSecond;
    private EventTimestamp eventTimestamp = EventTimestamp.STORE_TIME;
    private SluiceDeserializationSchema<T> deserializer;

    SluiceSourceBuilder() {}

    /** Nameserver list, {@code host:port} separated by {@code ;}. */
    public SluiceSourceBuilder<T> setNamesrvAddresses(String value) {
        this.namesrvAddresses = value;
        return this;
    }

    /** The consumer group: committed offsets are read from and written to it. */
    public SluiceSourceBuilder<T> setGroup(String value) {
        this.group = value;
        return this;
    }

    public SluiceSourceBuilder<T> setTopics(String... topics) {
        this.subscriber = QueueSubscriber.topics(List.of(topics));
        return this;
    }

    /** Every non-internal topic whose name matches, including topics created while the job runs. */
    public SluiceSourceBuilder<T> setTopicPattern(Pattern pattern) {
        this.subscriber = QueueSubscriber.pattern(pattern);
        return this;
    }

    public SluiceSourceBuilder<T> setSubscriber(QueueSubscriber value) {
        this.subscriber = value;
        return this;
    }

    public SluiceSourceBuilder<T> setStartingOffsets(StartingOffsets value) {
        this.starting = value;
        return this;
    }

    /** Makes the source bounded: each queue ends at {@code value}'s stop. */
    public SluiceSourceBuilder<T> setBounded(StoppingOffsets value) {
        this.stopping = value;
        return this;
    }

    /** A tag expression: {@code *} or tags joined by {@code ||}. */
    public SluiceSourceBuilder<T> setTagFilter(String expression) {
        this.selectorType = "TAG";
        this.selectorExpression = expression;
        return this;
    }

    /** An SQL92 condition over message properties, evaluated by the broker. */
    public SluiceSourceBuilder<T> setSqlFilter(String expression) {
        this.selectorType = "SQL92";
        this.selectorExpression = expression;
        return this;
    }

    /** How often to look for new queues and topics; {@link Duration#ZERO} turns it off. */
    public SluiceSourceBuilder<T> setDiscoveryInterval(Duration value) {
        this.discoveryInterval = value;
        return this;
    }

    public SluiceSourceBuilder<T> setRemovedQueuePolicy(RemovedQueuePolicy value) {
        this.removedQueuePolicy = value;
        return this;
    }

    public SluiceSourceBuilder<T> setPullBatchSize(int value) {
        this.pullBatchSize = value;
        return this;
    }

    /** Fetched but not yet emitted messages per queue; bounds the reader's memory. */
    public SluiceSourceBuilder<T> setMaxBufferedPerQueue(int value) {
        this.maxBufferedPerQueue = value;
        return this;
    }

    /** Failed fetches of a queue in a row before the task fails, and the pause between them. */
    public SluiceSourceBuilder<T> setFetchRetries(int maxRetries, Duration backoff) {
        this.maxFetchRetries = maxRetries;
        this.fetchBackoff = backoff;
        return this;
    }

    public SluiceSourceBuilder<T> setRequestTimeout(Duration value) {
        this.requestTimeout = value;
        return this;
    }

    public SluiceSourceBuilder<T> setCommitOffsetsOnCheckpoint(boolean value) {
        this.commitOffsetsOnCheckpoint = value;
        return this;
    }

    /** {@link BadRecordPolicy#FAIL} or {@link BadRecordPolicy#SKIP}; see {@link #setDeadLetterTopic}. */
    public SluiceSourceBuilder<T> setBadRecordPolicy(BadRecordPolicy value) {
        this.badRecordPolicy = value;
        return this;
    }

    /** Bad records go to {@code topic} ({@link BadRecordPolicy#DEAD_LETTER}). */
    public SluiceSourceBuilder<T> setDeadLetterTopic(String topic) {
        this.badRecordPolicy = BadRecordPolicy.DEAD_LETTER;
        this.deadLetterTopic = topic;
        return this;
    }

    /** Records per second over the whole source (split evenly over subtasks); 0 for no limit. */
    public SluiceSourceBuilder<T> setRateLimit(double recordsPerSecond) {
        this.recordsPerSecond = recordsPerSecond;
        return this;
    }

    public SluiceSourceBuilder<T> setEventTimestamp(EventTimestamp value) {
        this.eventTimestamp = value;
        return this;
    }

    public SluiceSourceBuilder<T> setDeserializer(SluiceDeserializationSchema<T> value) {
        this.deserializer = value;
        return this;
    }

    /** A Flink {@link DeserializationSchema} for the body only. */
    public SluiceSourceBuilder<T> setValueOnlyDeserializer(DeserializationSchema<T> value) {
        this.deserializer = SluiceDeserializationSchema.valueOnly(value);
        return this;
    }

    /**
     * Checks every setting and builds the source.
     *
     * @throws IllegalArgumentException naming the setting and its value
     * @throws io.sluice.mq.client.InvalidSubscriptionException for a malformed SQL92 filter, with its position
     */
    public SluiceSource<T> build() {
        require(namesrvAddresses != null && !namesrvAddresses.isBlank(), "namesrvAddresses is required");
        require(group != null && !group.isBlank(), "group is required");
        require(subscriber != null, "topics or a topic pattern is required");
        require(deserializer != null, "a deserializer is required");
        Objects.requireNonNull(starting, "startingOffsets");
        require(selectorExpression != null, "the filter expression must not be null");
        if ("SQL92".equals(selectorType)) {
            MessageSelector.bySql(selectorExpression); // fails with the error position
        }
        require(!discoveryInterval.isNegative(), "discoveryInterval must be >= 0, was " + discoveryInterval);
        require(pullBatchSize > 0 && pullBatchSize <= 1024, "pullBatchSize in [1, 1024], was " + pullBatchSize);
        require(
                maxBufferedPerQueue >= pullBatchSize,
                "maxBufferedPerQueue (" + maxBufferedPerQueue + ") must be >= pullBatchSize (" + pullBatchSize + ")");
        require(maxFetchRetries >= 0, "maxFetchRetries must be >= 0, was " + maxFetchRetries);
        require(!fetchBackoff.isNegative(), "fetchBackoff must be >= 0, was " + fetchBackoff);
        require(!requestTimeout.isNegative() && !requestTimeout.isZero(), "requestTimeout must be > 0");
        require(recordsPerSecond >= 0, "rate limit must be >= 0, was " + recordsPerSecond);
        require(
                badRecordPolicy != BadRecordPolicy.DEAD_LETTER
                        || (deadLetterTopic != null && !deadLetterTopic.isBlank()),
                "bad-record policy DEAD_LETTER needs a dead-letter topic");
        SourceSettings settings = new SourceSettings(
                namesrvAddresses,
                group,
                subscriber,
                starting,
                stopping,
                selectorType,
                selectorExpression,
                discoveryInterval,
                removedQueuePolicy,
                pullBatchSize,
                maxBufferedPerQueue,
                maxFetchRetries,
                fetchBackoff,
                requestTimeout,
                commitOffsetsOnCheckpoint,
                badRecordPolicy,
                deadLetterTopic,
                recordsPerSecond,
                eventTimestamp);
        return new SluiceSource<>(settings, deserializer);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
