package io.sluice.connector.flink.source.metrics;

import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.mq.common.MessageQueue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

/**
 * The reader's metrics, under the group {@code sluice}:
 *
 * <ul>
 *   <li>{@code lagMessages}: messages between the read position and the queue end, summed over the
 *       reader's queues (also FLIP-33's {@code pendingRecords}); refreshed every few seconds
 *   <li>{@code lagMs}: the largest, over queues with lag, of now minus the store time of the last
 *       message fetched (0 when caught up)
 *   <li>{@code recordsFiltered}: messages skipped by the tag or SQL92 filter (offset gaps)
 *   <li>{@code deserializationErrors}, {@code recordsDeadLettered}: bad records (also counted in
 *       FLIP-33's {@code numRecordsInErrors})
 *   <li>{@code commitsSucceeded}, {@code commitsFailed}: offset commits to the broker
 *   <li>per queue, group {@code queue} / split id: {@code currentOffset}, {@code committedOffset}
 * </ul>
 *
 * <p>Thread-safe: the fetcher thread and the task thread both update it.
 */
@Internal
public final class SourceReaderMetrics {

    private static final long UNKNOWN = -1L;

    private final SourceReaderMetricGroup readerGroup;
    private final MetricGroup group;
    private final AtomicLong lagMessages = new AtomicLong();
    private final AtomicLong lagMs = new AtomicLong();
    private final Counter recordsFiltered;
    private final Counter deserializationErrors;
    private final Counter recordsDeadLettered;
    private final Counter commitsSucceeded;
    private final Counter commitsFailed;
    private final Map<MessageQueue, AtomicLong> currentOffsets = new ConcurrentHashMap<>();
    private final Map<MessageQueue, AtomicLong> committedOffsets = new ConcurrentHashMap<>();

    public SourceReaderMetrics(SourceReaderMetricGroup readerGroup) {
        this.readerGroup = readerGroup;
        this.group = readerGroup.addGroup("sluice");
        group.gauge("lagMessages", lagMessages::get);
        group.gauge("lagMs", lagMs::get);
        readerGroup.setPendingRecordsGauge(lagMessages::get);
        this.recordsFiltered = group.counter("recordsFiltered", new ThreadSafeSimpleCounter());
        this.deserializationErrors = group.counter("deserializationErrors", new ThreadSafeSimpleCounter());
        this.recordsDeadLettered = group.counter("recordsDeadLettered", new ThreadSafeSimpleCounter());
        this.commitsSucceeded = group.counter("commitsSucceeded", new ThreadSafeSimpleCounter());
        this.commitsFailed = group.counter("commitsFailed", new ThreadSafeSimpleCounter());
    }

    /** Registers the per-queue gauges of a newly owned queue. */
    public void queueAdded(MessageQueue queue) {
        currentOffsets.computeIfAbsent(queue, q -> {
            AtomicLong current = new AtomicLong(UNKNOWN);
            AtomicLong committed = new AtomicLong(UNKNOWN);
            committedOffsets.put(q, committed);
            MetricGroup queueGroup = group.addGroup("queue", QueueSplit.splitId(q));
            queueGroup.gauge("currentOffset", current::get);
            queueGroup.gauge("committedOffset", committed::get);
            return current;
        });
    }

    public void currentOffset(MessageQueue queue, long nextOffset) {
        AtomicLong current = currentOffsets.get(queue);
        if (current != null) {
            current.set(nextOffset);
        }
    }

    public void committed(MessageQueue queue, long offset) {
        AtomicLong committed = committedOffsets.get(queue);
        if (committed != null) {
            committed.set(offset);
        }
    }

    public void lag(long messages, long ms) {
        lagMessages.set(messages);
        lagMs.set(ms);
    }

    public void filtered(long count) {
        if (count > 0) {
            recordsFiltered.inc(count);
        }
    }

    public void deserializationError() {
        deserializationErrors.inc();
        readerGroup.getNumRecordsInErrorsCounter().inc();
    }

    public void deadLettered() {
        recordsDeadLettered.inc();
    }

    public void commitSucceeded() {
        commitsSucceeded.inc();
    }

    public void commitFailed() {
        commitsFailed.inc();
    }

    public long recordsFiltered() {
        return recordsFiltered.getCount();
    }

    public long deserializationErrors() {
        return deserializationErrors.getCount();
    }

    public long commitsFailed() {
        return commitsFailed.getCount();
    }
}
