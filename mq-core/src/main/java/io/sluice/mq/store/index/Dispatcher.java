package io.sluice.mq.store.index;

import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.io.Storage;
import io.sluice.mq.store.log.RecordScanner;
import io.sluice.mq.store.log.SegmentSet;
import io.sluice.mq.store.log.StoredRecord;
import io.sluice.mq.store.offset.CheckpointFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows the commit log and derives the consume queues and the key index from it, then
 * checkpoints how far the derived files are durable.
 *
 * <pre>
 *   writer ──appends──▶ commit log ──scan──▶ Dispatcher ──▶ consume queues (per topic/queue)
 *                                                     └──▶ key index (topic#key, topic#uniqueKey)
 * </pre>
 *
 * <p>Entries are published only at unit ends (see {@code RecordCodec}: every record of a
 * multi-record unit but the last carries the unit-continues bit). A pass that reaches its record
 * budget inside a unit keeps going to the unit's last record, so every queue's readable end, the
 * key index and {@link #dispatchedPosition()} only ever move from one unit boundary to the next,
 * and a batch or transaction commit becomes readable in every queue it touches at once.
 *
 * <p>Confined to the dispatcher thread (and to recovery before that thread starts), apart from
 * {@link #dispatchedPosition()}, which readers use to know what the queues already hold, and the
 * read-only accessors of the queues and the index.
 */
public final class Dispatcher implements AutoCloseable {

    /** Told after each pass that published new entries; runs on the dispatcher thread. */
    @FunctionalInterface
    public interface DispatchListener {
        void dispatched(Set<TopicQueue> queues);
    }

    /** Records per extra scan while finishing a unit the record budget cut. */
    private static final int UNIT_CATCH_UP_RECORDS = 1024;

    private final SegmentSet segments;
    private final ConsumeQueues queues;
    private final KeyIndex index;
    private final CheckpointFile checkpointFile;
    private final RecordScanner scanner;
    private final Set<ConsumeQueue> touched = new LinkedHashSet<>();
    private volatile long dispatchedPosition;
    /** Where the next scan starts: past {@link #dispatchedPosition} while a unit is half indexed. */
    private long scanPosition;
    /** Whether the last indexed record said more records of its unit follow. */
    private boolean unitOpen;

    private volatile DispatchListener listener = queues -> {};

    /** Everything the dispatcher reads and writes. */
    public record Files(SegmentSet segments, Path queueDirectory, Path indexDirectory, CheckpointFile checkpointFile) {}

    /** Sizes of the derived files. */
    public record Limits(int consumeQueueFileEntries, int indexHashSlots, int indexMaxEntries, int scanBufferBytes) {}

    private Dispatcher(Files files, ConsumeQueues queues, KeyIndex index, Limits limits, long startPosition) {
        this.segments = files.segments();
        this.queues = queues;
        this.index = index;
        this.checkpointFile = files.checkpointFile();
        this.scanner = new RecordScanner(files.segments(), limits.scanBufferBytes());
        this.dispatchedPosition = startPosition;
        this.scanPosition = startPosition;
    }

    /**
     * Opens the derived files as of the last checkpoint (truncating whatever was written after
     * it), or empties them for a full rebuild when there is no usable checkpoint. Dispatching then
     * resumes from the returned dispatcher's {@link #dispatchedPosition()}.
     *
     * @param checkpoint the last checkpoint, or null to rebuild from the start of the log
     */
    public static Dispatcher open(Storage storage, Files files, Limits limits, DispatchCheckpoint checkpoint)
            throws IOException {
        ConsumeQueues queues = ConsumeQueues.open(storage, files.queueDirectory(), limits.consumeQueueFileEntries());
        queues.truncateTo(checkpoint == null ? null : checkpoint.nextOffsets());
        KeyIndex index = KeyIndex.open(
                storage,
                files.indexDirectory(),
                limits.indexHashSlots(),
                limits.indexMaxEntries(),
                checkpoint == null ? null : checkpoint.index());
        long start = checkpoint == null ? files.segments().minPosition() : checkpoint.logPosition();
        return new Dispatcher(files, queues, index, limits, start);
    }

    /** The log position up to which every record is in the consume queues and the index. */
    public long dispatchedPosition() {
        return dispatchedPosition;
    }

    public ConsumeQueues queues() {
        return queues;
    }

    public KeyIndex index() {
        return index;
    }

    /** Sets who is told about new entries (the broker's long-polling wake-up). */
    public void listener(DispatchListener dispatchListener) {
        this.listener = dispatchListener;
    }

    /**
     * Dispatches records from {@link #dispatchedPosition()} up to {@code limitPosition}, at most
     * {@code maxRecords} unless the last of them is inside a unit, which is then finished, and
     * publishes them. The limit is the writer's (or flusher's) position, which is never inside a
     * unit; should it be, the unit's entries are written but stay unpublished until a later pass
     * reaches the unit's end.
     *
     * @return the number of records dispatched
     * @throws io.sluice.mq.common.CorruptRecordException if a record below the limit is invalid
     */
    public int dispatchOnce(long limitPosition, int maxRecords) throws IOException {
        if (limitPosition <= scanPosition) {
            return 0;
        }
        int dispatched = scan(limitPosition, maxRecords);
        while (unitOpen && scanPosition < limitPosition) {
            int more = scan(limitPosition, UNIT_CATCH_UP_RECORDS);
            if (more == 0) {
                break;
            }
            dispatched += more;
        }
        if (!unitOpen) {
            publish();
        }
        return dispatched;
    }

    private int scan(long limitPosition, int maxRecords) throws IOException {
        RecordScanner.Outcome outcome = scanner.scan(scanPosition, limitPosition, maxRecords, this::dispatch);
        if (outcome.problem() != null) {
            throw outcome.problem();
        }
        scanPosition = outcome.endPosition();
        return outcome.records();
    }

    private void publish() throws IOException {
        Set<TopicQueue> published = new LinkedHashSet<>();
        for (ConsumeQueue queue : touched) {
            queue.publish();
            published.add(queue.queue());
        }
        touched.clear();
        index.flushPending();
        dispatchedPosition = scanPosition;
        if (!published.isEmpty()) {
            listener.dispatched(published);
        }
    }

    private void dispatch(StoredRecord record) throws IOException {
        String topic = record.topic();
        ConsumeQueue queue = queues.getOrCreate(new TopicQueue(topic, record.queueId()));
        String properties = record.properties();
        String tag = MessageProperties.find(properties, MessageProperties.TAGS);
        queue.add(record.queueOffset(), record.logPosition(), record.size(), tag == null ? 0 : tag.hashCode());
        touched.add(queue);
        unitOpen = record.unitContinues();
        for (String key : keysOf(properties)) {
            index.add(topic, key, record.logPosition(), record.storeTimestampMs());
        }
    }

    /** The unique key and each space-separated business key of a record. */
    static List<String> keysOf(String properties) {
        List<String> keys = new ArrayList<>(2);
        String unique = MessageProperties.find(properties, MessageProperties.UNIQUE_KEY);
        if (unique != null && !unique.isEmpty()) {
            keys.add(unique);
        }
        String business = MessageProperties.find(properties, MessageProperties.KEYS);
        if (business != null) {
            for (String key : business.split(" ")) {
                if (!key.isEmpty()) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /**
     * Forces the derived files and records the checkpoint. The caller must have made the commit
     * log durable up to {@link #dispatchedPosition()} first, so the checkpoint never names bytes
     * a crash could take away.
     */
    public DispatchCheckpoint checkpoint() throws IOException {
        for (ConsumeQueue queue : queues.all()) {
            queue.force();
        }
        index.force();
        DispatchCheckpoint checkpoint =
                new DispatchCheckpoint(dispatchedPosition, index.position(), queues.nextOffsets());
        DispatchCheckpoint.write(checkpointFile, checkpoint);
        return checkpoint;
    }

    /**
     * Deletes derived files that only describe records below {@code minLogPosition}. Cleaner
     * thread.
     *
     * @return how many files were deleted
     */
    public int deleteExpired(long minLogPosition) throws IOException {
        int deleted = 0;
        for (ConsumeQueue queue : queues.all()) {
            deleted += queue.deleteExpired(minLogPosition);
        }
        return deleted + index.deleteExpired(minLogPosition);
    }

    /** Forgets buffered commit-log bytes, after recovery truncated the log. */
    public void resetScanner() {
        scanner.reset();
    }

    @Override
    public void close() throws IOException {
        queues.close();
        index.close();
    }
}
