package io.sluice.connector.flink.source.reader;

import io.sluice.connector.flink.source.enumerator.AssignmentSettledEvent;
import io.sluice.connector.flink.source.enumerator.QueuesRemovedEvent;
import io.sluice.connector.flink.source.metrics.SourceReaderMetrics;
import io.sluice.connector.flink.source.split.QueueSplit;
import io.sluice.connector.flink.source.split.QueueSplitState;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source subtask: a single fetcher thread multiplexes all of its queues ({@link
 * SluiceSplitReader}), the task thread deserializes and emits ({@link SluiceRecordEmitter}).
 *
 * <p>Offsets: the split state holds the next offset to read; a checkpoint stores it; when Flink
 * reports the checkpoint complete, the offsets of that checkpoint are committed to the broker for
 * the consumer group (UPDATE_CONSUMER_OFFSET) so lag monitors see progress. The commit is never
 * what a restore reads — the checkpoint is — so a failed commit only counts {@code commitsFailed}
 * and the next checkpoint commits again. At most {@value #MAX_PENDING_COMMITS} checkpoints wait.
 *
 * <p>A reader with no splits marks its output idle, so it never holds back downstream watermarks,
 * but only after the enumerator's {@link AssignmentSettledEvent}: until then it is waiting for its
 * first splits, and going idle would let event-time operators run ahead on the other readers'
 * watermarks and drop this reader's records as late.
 *
 * <p>Threading: the methods Flink calls run on the task thread; the client is shared with the
 * fetcher thread, whose consumer this class never touches.
 */
@Internal
public final class SluiceSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<ReceivedMessage, T, QueueSplit, QueueSplitState> {

    static final int MAX_PENDING_COMMITS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(SluiceSourceReader.class);

    private final MqClient client;
    private final Consumer committer;
    private final boolean commitOnCheckpoint;
    private final SourceReaderMetrics metrics;
    private final Set<String> finishRequests;
    private final SortedMap<Long, Map<MessageQueue, Long>> offsetsToCommit = new TreeMap<>();
    private final String committerIdentity;
    /** Set by the enumerator's {@link AssignmentSettledEvent}; task thread only. */
    private boolean assignmentSettled;

    /** The parts a reader is built from; the reader owns {@code client} and closes it last. */
    public record Parts(
            MqClient client,
            Consumer committer,
            boolean commitOnCheckpoint,
            SourceReaderMetrics metrics,
            Set<String> finishRequests) {}

    public SluiceSourceReader(
            Supplier<SplitReader<ReceivedMessage, QueueSplit>> splitReaders,
            SluiceRecordEmitter<T> emitter,
            RateLimiterStrategy<QueueSplit> rateLimiter,
            Configuration config,
            SourceReaderContext context,
            Parts parts) {
        super(splitReaders, emitter, config, context, rateLimiter);
        this.client = parts.client();
        this.committer = parts.committer();
        this.commitOnCheckpoint = parts.commitOnCheckpoint();
        this.metrics = parts.metrics();
        this.finishRequests = parts.finishRequests();
        this.committerIdentity = committerIdentity(context);
    }

    /**
     * Who commits, as stored with each offset next to the checkpoint id: the job id (from the task's
     * metric scope, the one place a reader context exposes it) and the subtask.
     */
    private static String committerIdentity(SourceReaderContext context) {
        String jobId = context.metricGroup().getAllVariables().getOrDefault("<job_id>", "unknown");
        return "flink job=" + jobId + " subtask=" + context.getIndexOfSubtask();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        InputStatus status = super.pollNext(output);
        if (status == InputStatus.NOTHING_AVAILABLE && assignmentSettled && getNumberOfCurrentlyAssignedSplits() == 0) {
            output.markIdle();
        }
        return status;
    }

    @Override
    protected QueueSplitState initializedState(QueueSplit split) {
        metrics.queueAdded(split.queue());
        metrics.currentOffset(split.queue(), split.startingOffset());
        return new QueueSplitState(split);
    }

    @Override
    protected QueueSplit toSplitType(String splitId, QueueSplitState state) {
        return state.toSplit();
    }

    @Override
    protected void onSplitFinished(Map<String, QueueSplitState> finished) {
        LOG.info("finished splits {}", finished.keySet());
    }

    @Override
    public List<QueueSplit> snapshotState(long checkpointId) {
        List<QueueSplit> splits = super.snapshotState(checkpointId);
        if (commitOnCheckpoint) {
            Map<MessageQueue, Long> offsets = new HashMap<>();
            splits.forEach(split -> offsets.put(split.queue(), split.startingOffset()));
            offsetsToCommit.put(checkpointId, offsets);
            while (offsetsToCommit.size() > MAX_PENDING_COMMITS) {
                offsetsToCommit.remove(offsetsToCommit.firstKey());
            }
        }
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Map<MessageQueue, Long> offsets = offsetsToCommit.get(checkpointId);
        offsetsToCommit.headMap(checkpointId + 1).clear();
        if (offsets == null || offsets.isEmpty()) {
            return;
        }
        try {
            committer.commit(offsets, committerIdentity + " checkpoint=" + checkpointId);
            offsets.forEach(metrics::committed);
            metrics.commitSucceeded();
        } catch (MqException e) {
            metrics.commitFailed();
            LOG.warn(
                    "committing offsets of checkpoint {} failed (the next checkpoint commits again): {}",
                    checkpointId,
                    e.toString());
        }
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof QueuesRemovedEvent removed) {
            finishRequests.addAll(removed.splitIds());
        } else if (event instanceof AssignmentSettledEvent) {
            assignmentSettled = true;
        } else {
            super.handleSourceEvents(event);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            client.close();
        }
    }
}
