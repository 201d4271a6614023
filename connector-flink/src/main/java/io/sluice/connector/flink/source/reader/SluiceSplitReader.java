package io.sluice.connector.flink.source.reader;

import io.sluice.connector.flink.source.SourceSettings;
import io.sluice.connector.flink.source.metrics.SourceReaderMetrics;
import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.FetchFailure;
import io.sluice.mq.client.consumer.MessageSelector;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsRemoval;

/**
 * Fetches the reader's queues with one Sluice {@link Consumer} in assign mode (no group
 * rebalancing, never auto-commit), the tag or SQL92 selector applied by the broker and client.
 *
 * <p>Each fetch: fails with an {@link IOException} if a queue failed {@code maxFetchRetries}
 * fetches in a row (the client retries each after {@code fetchBackoff}); polls briefly; drops
 * messages at or past a split's stop and finishes that split; then finishes bounded splits whose
 * <em>position</em> reached the stop, which also covers empty polls and stops inside a filtered
 * range; and finishes splits of removed queues. It also counts filtered messages (gaps in the
 * dense queue offsets) and refreshes the lag metrics every {@value #LAG_REFRESH_MS} ms.
 *
 * <p>Not thread-safe: Flink's fetcher thread calls every method except {@link #wakeUp()}.
 */
@Internal
public final class SluiceSplitReader implements SplitReader<ReceivedMessage, QueueSplit> {

    static final long LAG_REFRESH_MS = 2_000;
    /** A timestamp stop is final once the clock is this far past it (store-to-index delay). */
    static final long TIMESTAMP_STOP_GRACE_MS = 1_000;

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final Consumer consumer;
    private final MessageSelector selector;
    private final SourceSettings settings;
    private final SourceReaderMetrics metrics;
    private final Clock clock;
    private final Set<String> finishRequests;
    private final Map<MessageQueue, QueueSplit> splits = new LinkedHashMap<>();
    private final Map<MessageQueue, Long> positions = new HashMap<>();
    private final Map<MessageQueue, Long> lastStoreTimes = new HashMap<>();
    private long nextLagRefreshMs;

    /**
     * @param finishRequests split ids the reader asks to finish (removed queues); thread-safe set
     */
    public SluiceSplitReader(
            Consumer consumer,
            SourceSettings settings,
            SourceReaderMetrics metrics,
            Clock clock,
            Set<String> finishRequests) {
        this.consumer = consumer;
        this.settings = settings;
        this.selector = "SQL92".equals(settings.selectorType())
                ? MessageSelector.bySql(settings.selectorExpression())
                : MessageSelector.byTag(settings.selectorExpression());
        this.metrics = metrics;
        this.clock = clock;
        this.finishRequests = finishRequests;
    }

    @Override
    public RecordsWithSplitIds<ReceivedMessage> fetch() throws IOException {
        failOnPersistentFetchErrors();
        List<ReceivedMessage> polled;
        try {
            polled = splits.isEmpty() ? List.of() : consumer.poll(POLL_TIMEOUT);
        } catch (MqException e) {
            throw new IOException("fetching " + splits.keySet() + " failed: " + e.getMessage(), e);
        }
        Map<String, Collection<ReceivedMessage>> records = new HashMap<>();
        Set<String> finished = new HashSet<>();
        Map<MessageQueue, Integer> counts = new HashMap<>();
        for (ReceivedMessage message : polled) {
            QueueSplit split = splits.get(message.queue());
            if (split == null || finished.contains(split.splitId())) {
                continue;
            }
            if (pastStop(split, message)) {
                finished.add(split.splitId());
                continue;
            }
            records.computeIfAbsent(split.splitId(), k -> new ArrayList<>()).add(message);
            counts.merge(message.queue(), 1, Integer::sum);
            lastStoreTimes.put(message.queue(), message.storeTimestamp());
        }
        for (QueueSplit split : splits.values()) {
            if (!finished.contains(split.splitId())) {
                countFiltered(split.queue(), counts.getOrDefault(split.queue(), 0));
                if (reachedStop(split) || finishRequests.remove(split.splitId())) {
                    finished.add(split.splitId());
                }
            }
        }
        maybeRefreshLag();
        forget(finished);
        return new RecordsBySplits<>(records, finished);
    }

    private void failOnPersistentFetchErrors() throws IOException {
        for (Map.Entry<MessageQueue, FetchFailure> entry :
                consumer.fetchFailures().entrySet()) {
            FetchFailure failure = entry.getValue();
            if (failure.consecutive() > settings.maxFetchRetries()) {
                throw new IOException(
                        "fetching " + entry.getKey() + " failed " + failure.consecutive() + " times in a row (limit "
                                + settings.maxFetchRetries() + ", backoff " + settings.fetchBackoff() + "): "
                                + failure.lastCause(),
                        failure.lastCause());
            }
        }
    }

    private static boolean pastStop(QueueSplit split, ReceivedMessage message) {
        return (split.stoppingOffset() != QueueSplit.NO_STOP && message.queueOffset() >= split.stoppingOffset())
                || (split.stoppingTimestampMs() != QueueSplit.NO_STOP
                        && message.storeTimestamp() >= split.stoppingTimestampMs());
    }

    /** Position-based: true even if nothing was polled (filtered range, drained queue). */
    private boolean reachedStop(QueueSplit split) {
        if (!split.isBounded()) {
            return false;
        }
        long position = consumer.position(split.queue());
        if (split.stoppingOffset() != QueueSplit.NO_STOP && position >= split.stoppingOffset()) {
            return true;
        }
        if (split.stoppingTimestampMs() != QueueSplit.NO_STOP
                && clock.nowMs() >= split.stoppingTimestampMs() + TIMESTAMP_STOP_GRACE_MS) {
            // Nothing stored before the stop can still arrive: finished once drained to the end.
            return position >= consumer.maxOffset(split.queue());
        }
        return false;
    }

    private void countFiltered(MessageQueue queue, int returned) {
        long position = consumer.position(queue);
        Long previous = positions.put(queue, position);
        if (previous != null) {
            metrics.filtered(position - previous - returned);
        }
    }

    private void maybeRefreshLag() {
        long now = clock.nowMs();
        if (now < nextLagRefreshMs || splits.isEmpty()) {
            return;
        }
        nextLagRefreshMs = now + LAG_REFRESH_MS;
        long lag = 0;
        long lagMs = 0;
        for (MessageQueue queue : splits.keySet()) {
            try {
                long behind = Math.max(0, consumer.maxOffset(queue) - consumer.position(queue));
                lag += behind;
                Long stored = lastStoreTimes.get(queue);
                if (behind > 0 && stored != null) {
                    lagMs = Math.max(lagMs, Math.max(0, now - stored));
                }
            } catch (MqException e) {
                return; // keep the last figures; fetch failures are judged by failOnPersistentFetchErrors
            }
        }
        metrics.lag(lag, lagMs);
    }

    private void forget(Set<String> finished) {
        if (finished.isEmpty()) {
            return;
        }
        splits.values().removeIf(split -> finished.contains(split.splitId()));
        positions.keySet().retainAll(splits.keySet());
        lastStoreTimes.keySet().retainAll(splits.keySet());
        consumer.assign(new TreeSet<>(splits.keySet()), selector);
    }

    @Override
    public void handleSplitsChanges(SplitsChange<QueueSplit> change) {
        if (change instanceof SplitsAddition<QueueSplit> addition) {
            for (QueueSplit split : addition.splits()) {
                splits.put(split.queue(), split);
            }
            consumer.assign(new TreeSet<>(splits.keySet()), selector);
            for (QueueSplit split : addition.splits()) {
                consumer.seek(split.queue(), split.startingOffset());
                positions.put(split.queue(), split.startingOffset());
            }
        } else if (change instanceof SplitsRemoval<QueueSplit> removal) {
            Set<String> ids = new HashSet<>();
            removal.splits().forEach(split -> ids.add(split.splitId()));
            forget(ids);
        } else {
            throw new UnsupportedOperationException(
                    "unsupported split change " + change.getClass().getName());
        }
    }

    @Override
    public void pauseOrResumeSplits(Collection<QueueSplit> toPause, Collection<QueueSplit> toResume) {
        // Alignment may name splits this reader has not been handed yet or has finished: skip those.
        List<MessageQueue> pause = new ArrayList<>();
        toPause.stream().map(QueueSplit::queue).filter(splits::containsKey).forEach(pause::add);
        List<MessageQueue> resume = new ArrayList<>();
        toResume.stream().map(QueueSplit::queue).filter(splits::containsKey).forEach(resume::add);
        consumer.pause(pause);
        consumer.resume(resume);
    }

    @Override
    public void wakeUp() {
        // Polls last at most POLL_TIMEOUT; nothing to interrupt.
    }

    @Override
    public void close() {
        consumer.close();
    }
}
