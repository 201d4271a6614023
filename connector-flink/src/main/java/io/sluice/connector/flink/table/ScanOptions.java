package io.sluice.connector.flink.table;

import static io.sluice.connector.flink.table.OptionChecks.check;
import static io.sluice.connector.flink.table.OptionChecks.invalid;
import static io.sluice.connector.flink.table.OptionChecks.required;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.NAMESERVER_ADDRESS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.REQUEST_TIMEOUT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_BAD_RECORD_POLICY;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_BOUNDED_MODE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_BOUNDED_SPECIFIC_OFFSETS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_BOUNDED_TIMESTAMP_MILLIS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_COMMIT_ON_CHECKPOINT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_CONSUMER_GROUP;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_DEAD_LETTER_TOPIC;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_DISCOVERY_INTERVAL;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_EVENT_TIMESTAMP;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FETCH_BATCH_SIZE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FETCH_MAX_BUFFERED;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FETCH_MAX_RETRIES;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FETCH_RETRY_BACKOFF;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FILTER_SQL;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_FILTER_TAG;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_RATE_LIMIT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_REMOVED_QUEUE_POLICY;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_STARTUP_FALLBACK_MODE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_STARTUP_MODE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_STARTUP_SPECIFIC_OFFSETS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.TOPIC;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.TOPIC_PATTERN;

import io.sluice.connector.flink.source.BadRecordPolicy;
import io.sluice.connector.flink.source.EventTimestamp;
import io.sluice.connector.flink.source.RemovedQueuePolicy;
import io.sluice.connector.flink.source.SluiceSourceBuilder;
import io.sluice.connector.flink.source.enumerator.initializer.StartingOffsets;
import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.connector.flink.table.SluiceConnectorOptions.BadRecordMode;
import io.sluice.connector.flink.table.SluiceConnectorOptions.BoundedMode;
import io.sluice.connector.flink.table.SluiceConnectorOptions.StartupMode;
import io.sluice.mq.client.InvalidSubscriptionException;
import io.sluice.mq.client.consumer.MessageSelector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

/**
 * Turns the {@code WITH} options of a sluice table into {@link SluiceSourceBuilder} settings. Every
 * check is made here against option keys, so a user sees {@code 'scan.fetch.batch-size'}, not a
 * builder field; the builder's own checks stay as a second line. Options must already have passed
 * {@code FactoryUtil}'s validation (types and unknown keys). Stateless.
 */
@Internal
final class ScanOptions {

    private ScanOptions() {}

    /**
     * Applies every source option to {@code builder} (all but the deserializer).
     *
     * @throws ValidationException naming the option key and its value
     */
    static void configure(ReadableConfig options, SluiceSourceBuilder<?> builder) {
        builder.setNamesrvAddresses(required(options, NAMESERVER_ADDRESS, "read"));
        builder.setGroup(required(options, SCAN_CONSUMER_GROUP, "read"));
        List<String> topics = subscribe(options, builder);
        builder.setStartingOffsets(starting(options, topics));
        Optional<StoppingOffsets> stopping = stopping(options, topics);
        stopping.ifPresent(builder::setBounded);
        filter(options, builder);
        badRecords(options, builder);
        fetch(options, builder);
        Duration discovery = options.get(SCAN_DISCOVERY_INTERVAL);
        check(!discovery.isNegative(), SCAN_DISCOVERY_INTERVAL, discovery, ">= 0");
        builder.setDiscoveryInterval(discovery);
        builder.setRemovedQueuePolicy(RemovedQueuePolicy.valueOf(
                options.get(SCAN_REMOVED_QUEUE_POLICY).name()));
        double rate = options.get(SCAN_RATE_LIMIT);
        check(rate >= 0 && Double.isFinite(rate), SCAN_RATE_LIMIT, rate, ">= 0");
        builder.setRateLimit(rate);
        builder.setCommitOffsetsOnCheckpoint(options.get(SCAN_COMMIT_ON_CHECKPOINT));
        builder.setEventTimestamp(
                EventTimestamp.valueOf(options.get(SCAN_EVENT_TIMESTAMP).name()));
    }

    /** Whether the options make a bounded read. */
    static boolean bounded(ReadableConfig options) {
        return options.get(SCAN_BOUNDED_MODE) != BoundedMode.UNBOUNDED;
    }

    private static List<String> subscribe(ReadableConfig options, SluiceSourceBuilder<?> builder) {
        Optional<List<String>> topics = options.getOptional(TOPIC);
        Optional<String> pattern = options.getOptional(TOPIC_PATTERN);
        if (topics.isPresent() == pattern.isPresent()) {
            throw new ValidationException(String.format(
                    "Exactly one of the options '%s' and '%s' must be set", TOPIC.key(), TOPIC_PATTERN.key()));
        }
        if (pattern.isPresent()) {
            try {
                builder.setTopicPattern(Pattern.compile(pattern.get()));
            } catch (PatternSyntaxException e) {
                throw invalid(TOPIC_PATTERN, pattern.get(), e.getDescription() + " at index " + e.getIndex());
            }
            return List.of();
        }
        List<String> list = topics.get().stream().map(String::trim).toList();
        check(!list.isEmpty() && list.stream().noneMatch(String::isEmpty), TOPIC, topics.get(), "non-empty names");
        builder.setTopics(list.toArray(String[]::new));
        return list;
    }

    private static StartingOffsets starting(ReadableConfig options, List<String> topics) {
        StartupMode mode = options.get(SCAN_STARTUP_MODE);
        return switch (mode) {
            case GROUP_OFFSETS -> StartingOffsets.committedOrElse(fallback(options));
            case SPECIFIC_OFFSETS ->
                StartingOffsets.specific(
                        QueueOffsetsParser.parse(
                                SCAN_STARTUP_SPECIFIC_OFFSETS.key(),
                                required(options, SCAN_STARTUP_SPECIFIC_OFFSETS, SCAN_STARTUP_MODE, mode),
                                topics),
                        fallback(options));
            default -> simpleStart(options, mode, SCAN_STARTUP_MODE);
        };
    }

    private static StartingOffsets fallback(ReadableConfig options) {
        StartupMode mode = options.get(SCAN_STARTUP_FALLBACK_MODE);
        if (mode == StartupMode.GROUP_OFFSETS || mode == StartupMode.SPECIFIC_OFFSETS) {
            throw invalid(SCAN_STARTUP_FALLBACK_MODE, mode, "expected earliest-offset, latest-offset or timestamp");
        }
        return simpleStart(options, mode, SCAN_STARTUP_FALLBACK_MODE);
    }

    private static StartingOffsets simpleStart(ReadableConfig options, StartupMode mode, ConfigOption<?> from) {
        return switch (mode) {
            case EARLIEST_OFFSET -> StartingOffsets.earliest();
            case LATEST_OFFSET -> StartingOffsets.latest();
            case TIMESTAMP -> {
                long ts = required(options, SCAN_STARTUP_TIMESTAMP_MILLIS, from, mode);
                check(ts >= 0, SCAN_STARTUP_TIMESTAMP_MILLIS, ts, ">= 0");
                yield StartingOffsets.timestamp(ts);
            }
            default -> throw new IllegalStateException("not a simple start mode: " + mode);
        };
    }

    private static Optional<StoppingOffsets> stopping(ReadableConfig options, List<String> topics) {
        BoundedMode mode = options.get(SCAN_BOUNDED_MODE);
        return switch (mode) {
            case UNBOUNDED -> Optional.empty();
            case LATEST_OFFSET -> Optional.of(StoppingOffsets.latest());
            case TIMESTAMP -> {
                long ts = required(options, SCAN_BOUNDED_TIMESTAMP_MILLIS, SCAN_BOUNDED_MODE, mode);
                check(ts >= 0, SCAN_BOUNDED_TIMESTAMP_MILLIS, ts, ">= 0");
                yield Optional.of(StoppingOffsets.timestamp(ts));
            }
            case SPECIFIC_OFFSETS ->
                Optional.of(StoppingOffsets.offsets(QueueOffsetsParser.parse(
                        SCAN_BOUNDED_SPECIFIC_OFFSETS.key(),
                        required(options, SCAN_BOUNDED_SPECIFIC_OFFSETS, SCAN_BOUNDED_MODE, mode),
                        topics)));
        };
    }

    private static void filter(ReadableConfig options, SluiceSourceBuilder<?> builder) {
        Optional<String> tag = options.getOptional(SCAN_FILTER_TAG);
        Optional<String> sql = options.getOptional(SCAN_FILTER_SQL);
        if (tag.isPresent() && sql.isPresent()) {
            throw new ValidationException(String.format(
                    "Options '%s' and '%s' cannot both be set", SCAN_FILTER_TAG.key(), SCAN_FILTER_SQL.key()));
        }
        if (tag.isPresent()) {
            check(!tag.get().isBlank(), SCAN_FILTER_TAG, tag.get(), "'*' or tags joined by '||'");
            builder.setTagFilter(tag.get());
        } else if (sql.isPresent()) {
            try {
                MessageSelector.bySql(sql.get()); // the error names the position
            } catch (InvalidSubscriptionException e) {
                throw new ValidationException(
                        String.format("Invalid value for option '%s': %s", SCAN_FILTER_SQL.key(), e.getMessage()), e);
            }
            builder.setSqlFilter(sql.get());
        }
    }

    private static void badRecords(ReadableConfig options, SluiceSourceBuilder<?> builder) {
        BadRecordMode mode = options.get(SCAN_BAD_RECORD_POLICY);
        Optional<String> topic = options.getOptional(SCAN_DEAD_LETTER_TOPIC);
        if (mode == BadRecordMode.DEAD_LETTER) {
            builder.setDeadLetterTopic(required(options, SCAN_DEAD_LETTER_TOPIC, SCAN_BAD_RECORD_POLICY, mode));
        } else if (topic.isPresent()) {
            throw new ValidationException(String.format(
                    "Option '%s' is only used with '%s' = 'dead-letter', not '%s'",
                    SCAN_DEAD_LETTER_TOPIC.key(), SCAN_BAD_RECORD_POLICY.key(), mode));
        } else {
            builder.setBadRecordPolicy(BadRecordPolicy.valueOf(mode.name()));
        }
    }

    private static void fetch(ReadableConfig options, SluiceSourceBuilder<?> builder) {
        int batch = options.get(SCAN_FETCH_BATCH_SIZE);
        check(batch >= 1 && batch <= 1024, SCAN_FETCH_BATCH_SIZE, batch, "in [1, 1024]");
        int buffered = options.get(SCAN_FETCH_MAX_BUFFERED);
        check(buffered >= batch, SCAN_FETCH_MAX_BUFFERED, buffered, ">= " + SCAN_FETCH_BATCH_SIZE.key() + " " + batch);
        int retries = options.get(SCAN_FETCH_MAX_RETRIES);
        check(retries >= 0, SCAN_FETCH_MAX_RETRIES, retries, ">= 0");
        Duration backoff = options.get(SCAN_FETCH_RETRY_BACKOFF);
        check(!backoff.isNegative(), SCAN_FETCH_RETRY_BACKOFF, backoff, ">= 0");
        Duration timeout = options.get(REQUEST_TIMEOUT);
        check(!timeout.isNegative() && !timeout.isZero(), REQUEST_TIMEOUT, timeout, "> 0");
        builder.setPullBatchSize(batch);
        builder.setMaxBufferedPerQueue(buffered);
        builder.setFetchRetries(retries, backoff);
        builder.setRequestTimeout(timeout);
    }
}
