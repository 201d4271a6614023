package io.sluice.mq.store;

import io.sluice.mq.common.BusyException;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.common.RecordTooLargeException;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.index.ConsumeQueue;
import io.sluice.mq.store.index.DispatchCheckpoint;
import io.sluice.mq.store.index.Dispatcher;
import io.sluice.mq.store.io.Storage;
import io.sluice.mq.store.log.AppendRequest;
import io.sluice.mq.store.log.DiskSpaceGate;
import io.sluice.mq.store.log.Flusher;
import io.sluice.mq.store.log.LogAppender;
import io.sluice.mq.store.log.LogCleaner;
import io.sluice.mq.store.log.PreparedRecord;
import io.sluice.mq.store.log.QueueOffsetTable;
import io.sluice.mq.store.log.RecordCodec;
import io.sluice.mq.store.log.RecordScanner;
import io.sluice.mq.store.log.SegmentSet;
import io.sluice.mq.store.log.StoreHealth;
import io.sluice.mq.store.offset.CheckpointFile;
import io.sluice.mq.store.offset.ConsumerOffsetStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message store: one commit log for all topics, a consume queue per topic/queue and a key
 * index derived from it, consumer offsets, retention. Layout on disk: {@link StoreLayout}; record
 * format: {@link RecordCodec}; design notes: {@code docs/design/}.
 *
 * <p>Life cycle: {@link #open} recovers and returns a store that accepts appends but does nothing
 * on its own; {@link #start} launches its four threads (writer, flusher, dispatcher, cleaner);
 * {@link #close} drains, flushes, checkpoints and leaves a clean-shutdown marker. Tests may drive
 * the same steps by hand instead of starting threads ({@link #stepWriter} and friends), which makes
 * crash simulation deterministic.
 *
 * <p>Thread-safe: appends and reads from any thread. Append futures complete on the writer or
 * flusher thread; their callbacks must not block.
 */
public final class FileMessageStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileMessageStore.class);
    private static final int MAX_WRITER_BATCH = 4096;
    private static final int MAX_DISPATCH_BATCH = 8192;

    private final StoreConfig config;
    private final Storage storage;
    private final Clock clock;
    private final StoreLayout layout;
    private final SegmentSet segments;
    private final StoreHealth health;
    private final LogAppender appender;
    private final Dispatcher dispatcher;
    private final ConsumerOffsetStore consumerOffsets;
    private final CheckpointFile checkpointFile;
    private final LogCleaner cleaner;
    private final DiskSpaceGate diskGate;
    private final StoreReader reader;
    private final ArrayBlockingQueue<AppendRequest> appendQueue;
    private volatile long checkpointedPosition;
    private volatile StoreThreads threads;
    private volatile boolean closed;
    private volatile LongSupplier retentionFloor = () -> Long.MAX_VALUE;

    private FileMessageStore(Recovered recovered) {
        this.config = recovered.config();
        this.storage = recovered.storage();
        this.clock = recovered.clock();
        this.layout = new StoreLayout(config.rootDir());
        this.segments = recovered.segments();
        this.dispatcher = recovered.dispatcher();
        this.consumerOffsets = recovered.consumerOffsets();
        this.checkpointFile = recovered.checkpointFile();
        this.checkpointedPosition = recovered.checkpointedPosition();
        this.health = new StoreHealth();
        this.appendQueue = new ArrayBlockingQueue<>(config.appendQueueCapacity());
        QueueOffsetTable offsets = new QueueOffsetTable();
        for (ConsumeQueue queue : dispatcher.queues().all()) {
            offsets.set(queue.queue().topic(), queue.queue().queueId(), queue.nextOffset());
        }
        long end = recovered.logEnd();
        this.appender = new LogAppender(
                new LogAppender.Wiring(segments, offsets, health, clock, config.flushMode(), config.writeBufferBytes()),
                end,
                self -> new Flusher(segments, self::writtenPosition, end));
        this.diskGate = new DiskSpaceGate(config.rootDir().toString(), config.diskSpaceWarningLevelRatio());
        this.cleaner = new LogCleaner(
                segments,
                storage,
                config.rootDir(),
                clock,
                new LogCleaner.Policy(
                        config.fileReservedTime(), config.deleteInterval(), config.diskMaxUsedSpaceRatio()),
                new LogCleaner.Hooks(
                        () -> checkpointedPosition, diskGate, dispatcher::deleteExpired, this::retentionFloor));
        this.reader = new StoreReader(segments, dispatcher, config.maxRecordSizeBytes());
    }

    /**
     * Opens the store at {@code config.rootDir()}, recovering from an unclean shutdown if needed.
     *
     * @throws io.sluice.mq.common.MqException if a sealed segment is corrupt or the files are inconsistent
     */
    public static FileMessageStore open(StoreConfig config, Storage storage, Clock clock) throws IOException {
        return new FileMessageStore(StoreOpener.open(config, storage, clock));
    }

    /** What recovery hands to the constructor. */
    record Recovered(
            StoreConfig config,
            Storage storage,
            Clock clock,
            SegmentSet segments,
            Dispatcher dispatcher,
            ConsumerOffsetStore consumerOffsets,
            CheckpointFile checkpointFile,
            long logEnd,
            long checkpointedPosition) {}

    /** Starts the writer, flusher, dispatcher and cleaner threads from {@code threadFactory}. */
    public void start(ThreadFactory threadFactory) {
        Checks.state(threads == null, "store already started");
        Checks.state(!closed, "store is closed");
        StoreThreads started = new StoreThreads(this, threadFactory);
        threads = started;
        started.start();
    }

    public StoreConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    /** Appends one message. */
    public CompletableFuture<AppendResult> append(MessageDraft draft) {
        return appendBatch(List.of(draft));
    }

    /**
     * Appends messages as one unit: written contiguously into one segment, acknowledged together.
     * Fails fast (the future completes exceptionally) when a message is too large, the disk is
     * too full, the queue of waiting appends is full, or the store has failed.
     */
    public CompletableFuture<AppendResult> appendBatch(List<MessageDraft> drafts) {
        Checks.argument(!drafts.isEmpty(), "a batch needs at least one message");
        try {
            Checks.state(!closed, "store is closed");
            health.ensureHealthy();
            diskGate.check();
            List<PreparedRecord> records = new ArrayList<>(drafts.size());
            int total = 0;
            for (MessageDraft draft : drafts) {
                PreparedRecord record = RecordCodec.prepare(draft, config.storeHost(), config.maxMessageSizeBytes());
                total += record.size();
                records.add(record);
            }
            if (total > config.writeBufferBytes()) {
                throw new RecordTooLargeException("message batch", total, config.writeBufferBytes());
            }
            AppendRequest request = new AppendRequest(records);
            if (!appendQueue.offer(request)) {
                throw new BusyException(
                        "store append queue is full (" + config.appendQueueCapacity() + " waiting); retry later");
            }
            return request.future();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Reads up to {@code maxMessages} messages of a queue from {@code queueOffset}. */
    public GetResult getMessages(
            String topic, int queueId, long queueOffset, int maxMessages, int maxBytes, LongPredicate tagHashFilter)
            throws IOException {
        return getMessages(topic, queueId, queueOffset, maxMessages, maxBytes, tagHashFilter, null);
    }

    /**
     * Reads up to {@code maxMessages} messages of a queue from {@code queueOffset} that pass {@code
     * tagHashFilter} (on the consume-queue tag hash) and then {@code propertiesFilter} (on the stored
     * properties string; null = no such filter). Skipped entries advance {@code nextBeginOffset}.
     * The filters run on the caller's thread and must not throw.
     */
    public GetResult getMessages(
            String topic,
            int queueId,
            long queueOffset,
            int maxMessages,
            int maxBytes,
            LongPredicate tagHashFilter,
            Predicate<String> propertiesFilter)
            throws IOException {
        return reader.getMessages(
                new TopicQueue(topic, queueId), queueOffset, maxMessages, maxBytes, tagHashFilter, propertiesFilter);
    }

    /** Reads the record at a commit-log position (a message id's handle), validated. */
    public ByteBuffer readRecord(long logPosition) throws IOException {
        return reader.read(logPosition);
    }

    /** Records of {@code topic} whose unique key or one of whose keys equals {@code key}, newest first. */
    public List<ByteBuffer> queryByKey(String topic, String key, int maxResults, long beginMs, long endMs)
            throws IOException {
        return reader.queryByKey(topic, key, maxResults, beginMs, endMs);
    }

    /** The smallest readable offset of a queue (0 for an unknown queue). */
    public long minOffset(String topic, int queueId) {
        ConsumeQueue queue = dispatcher.queues().get(new TopicQueue(topic, queueId));
        return queue == null ? 0 : queue.minOffset();
    }

    /** The next offset to be written to a queue, i.e. one past the last readable message. */
    public long maxOffset(String topic, int queueId) {
        ConsumeQueue queue = dispatcher.queues().get(new TopicQueue(topic, queueId));
        return queue == null ? 0 : queue.nextOffset();
    }

    /** The first queue offset stored at or after {@code timestampMs} ({@link #maxOffset} if none). */
    public long offsetForTimestamp(String topic, int queueId, long timestampMs) throws IOException {
        return reader.offsetForTimestamp(new TopicQueue(topic, queueId), timestampMs);
    }

    /** Every queue that holds or held messages. */
    public List<TopicQueue> queues() {
        List<TopicQueue> all = new ArrayList<>();
        for (ConsumeQueue queue : dispatcher.queues().all()) {
            all.add(queue.queue());
        }
        all.sort((a, b) -> a.topic().equals(b.topic())
                ? Integer.compare(a.queueId(), b.queueId())
                : a.topic().compareTo(b.topic()));
        return all;
    }

    public ConsumerOffsetStore consumerOffsets() {
        return consumerOffsets;
    }

    /**
     * Records that consumer {@code group} will next read {@code nextOffset} of the queue. Made
     * durable by the next checkpoint (about every {@code dispatchCheckpointInterval}) and on close.
     */
    public void commitConsumerOffset(String group, String topic, int queueId, long nextOffset) {
        consumerOffsets.commit(group, topic, queueId, nextOffset);
    }

    /**
     * Like {@link #commitConsumerOffset(String, String, int, long)}, replacing the commit's metadata
     * with {@code metadata} (empty: none; at most {@link ConsumerOffsetStore#MAX_METADATA_BYTES}).
     */
    public void commitConsumerOffset(String group, String topic, int queueId, long nextOffset, String metadata) {
        consumerOffsets.commit(group, topic, queueId, nextOffset, metadata);
    }

    /** The metadata of {@code group}'s last commit on the queue; empty if none. */
    public String consumerOffsetMetadata(String group, String topic, int queueId) {
        return consumerOffsets.metadata(group, topic, queueId);
    }

    /** Topics {@code group} has committed offsets for, sorted. */
    public SortedSet<String> topicsWithOffsets(String group) {
        SortedSet<String> topics = new TreeSet<>();
        for (ConsumerOffsetStore.Key key : consumerOffsets.snapshot().keySet()) {
            if (key.group().equals(group)) {
                topics.add(key.topic());
            }
        }
        return topics;
    }

    /** Groups that committed an offset on a queue of {@code topic}, sorted. */
    public SortedSet<String> groupsWithOffsets(String topic) {
        SortedSet<String> groups = new TreeSet<>();
        for (ConsumerOffsetStore.Key key : consumerOffsets.snapshot().keySet()) {
            if (key.topic().equals(topic)) {
                groups.add(key.group());
            }
        }
        return groups;
    }

    /** The committed next offset of {@code group} on the queue, or empty if it never committed. */
    public OptionalLong consumerOffset(String group, String topic, int queueId) {
        return consumerOffsets.query(group, topic, queueId);
    }

    /**
     * A metadata file named {@code name} in the store's {@code config/} directory, next to the
     * consumer offsets, written through the same storage (atomic replace, versioned, CRC'd). For
     * state that belongs with the data, such as the broker's topic table.
     */
    public MetadataFile metadataFile(String name) {
        Checks.argument(
                name.matches("[A-Za-z0-9_.-]+")
                        && !name.equals(layout.consumerOffsets().getFileName().toString()),
                "metadata file name '%s' must be a plain file name other than the store's own",
                name);
        return new MetadataFile(storage, layout.consumerOffsets().resolveSibling(name));
    }

    /**
     * Sets who names the lowest commit-log position retention must keep ({@code Long.MAX_VALUE}:
     * none), e.g. the staged messages of open exactly-once transactions. The supplier is called on
     * the cleaner thread; it must be quick, thread-safe and bound how long it holds data back.
     */
    public void retentionFloor(LongSupplier floor) {
        Checks.notNull(floor, "floor");
        this.retentionFloor = floor;
    }

    private long retentionFloor() {
        return retentionFloor.getAsLong();
    }

    /**
     * Visits the valid records (each one stored record's bytes, in the layout {@link
     * io.sluice.mq.protocol.message.StoredMessageDecoder} reads; valid only during the call) from
     * {@code from} (a record boundary at or above {@link #minLogPosition()}) to the written end,
     * with its own read buffer: for components that
     * rebuild state from the log at start. Visits at most {@code maxRecords}; returns the position
     * after the last record visited. Safe on any thread; records written meanwhile may or may not
     * be visited.
     */
    public long scanLog(long from, int maxRecords, Consumer<ByteBuffer> visitor) throws IOException {
        RecordScanner scanner = new RecordScanner(segments, config.maxRecordSizeBytes());
        return scanner.scan(
                        Math.max(from, segments.minPosition()),
                        writtenPosition(),
                        maxRecords,
                        record -> visitor.accept(record.bytes()))
                .endPosition();
    }

    /** The oldest retained commit-log position. */
    public long minLogPosition() {
        return segments.minPosition();
    }

    /** The end of the bytes handed to the file system. */
    public long writtenPosition() {
        return appender.writtenPosition();
    }

    /** The end of the bytes known durable. */
    public long flushedPosition() {
        return appender.flusher().flushedPosition();
    }

    /** The end of the records visible to readers through the consume queues. */
    public long dispatchedPosition() {
        return dispatcher.dispatchedPosition();
    }

    /**
     * How far readers may see: in SYNC_FLUSH mode only durable records are dispatched, so a
     * consumer never reads a message that a crash could take back; in ASYNC_FLUSH mode, written
     * ones.
     */
    long visiblePosition() {
        return config.flushMode() == FlushMode.SYNC_FLUSH ? flushedPosition() : writtenPosition();
    }

    /**
     * Sets who is told when new entries become readable (the broker's long polling): called with
     * the queues that got entries, on the dispatcher thread, after the entries are readable. It
     * must be quick and must not block; the dispatcher waits for it.
     */
    public void dispatchListener(Consumer<Set<TopicQueue>> listener) {
        Checks.notNull(listener, "listener");
        dispatcher.listener(listener::accept);
    }

    /** The failure that stopped the store, or null while it is healthy. */
    public Throwable failure() {
        return health.failure();
    }

    /** Whether appends are being refused because the disk is too full. */
    public boolean refusingWrites() {
        return diskGate.refusing();
    }

    /** Retention counters: segments deleted, and those deleted early under disk pressure. */
    public long[] retentionCounters() {
        return new long[] {cleaner.deletedSegments(), cleaner.forcedDeletions()};
    }

    // ---- Steps: each runs one unit of a background thread's work. Threads call them in loops;
    // ---- tests call them directly for deterministic schedules.

    /** Writes every append waiting in the queue (at most one writer batch); returns how many. */
    public int stepWriter() {
        List<AppendRequest> batch = new ArrayList<>();
        appendQueue.drainTo(batch, MAX_WRITER_BATCH);
        if (!batch.isEmpty()) {
            appender.append(batch);
        }
        return batch.size();
    }

    /** Blocks up to {@code timeoutNanos} for the first waiting append, then writes a batch. */
    int stepWriterBlocking(long timeoutNanos) throws InterruptedException {
        AppendRequest first = appendQueue.poll(timeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (first == null) {
            return 0;
        }
        List<AppendRequest> batch = new ArrayList<>();
        batch.add(first);
        appendQueue.drainTo(batch, MAX_WRITER_BATCH - 1);
        appender.append(batch);
        return batch.size();
    }

    /** Forces written bytes and acknowledges waiting SYNC_FLUSH appends; fail-stops on error. */
    public long stepFlusher() {
        try {
            return appender.flusher().flushOnce();
        } catch (IOException e) {
            health.fail("forcing the commit log", e);
            appender.flusher().failAll(health.failure());
            return appender.flusher().flushedPosition();
        }
    }

    Flusher flusher() {
        return appender.flusher();
    }

    /** Dispatches newly visible records into the queues and index; returns how many. */
    public int stepDispatcher() {
        try {
            return dispatcher.dispatchOnce(visiblePosition(), MAX_DISPATCH_BATCH);
        } catch (IOException | CorruptRecordException e) {
            health.fail("dispatching the commit log at position " + dispatcher.dispatchedPosition(), e);
            return 0;
        }
    }

    /**
     * Makes the commit log durable up to what was dispatched, then the derived files, then writes
     * the dispatch checkpoint and the consumer offsets.
     */
    public void checkpoint() throws IOException {
        long target = dispatcher.dispatchedPosition();
        if (appender.flusher().flushOnce() < target) {
            throw new IllegalStateException("flushed position is behind the dispatched position " + target);
        }
        DispatchCheckpoint written = dispatcher.checkpoint();
        checkpointedPosition = written.logPosition();
        consumerOffsets.persist();
    }

    /** One retention pass; returns whether a segment was deleted. */
    public boolean stepCleaner() throws IOException {
        return cleaner.cleanOnce();
    }

    boolean isClosed() {
        return closed;
    }

    StoreHealth health() {
        return health;
    }

    /**
     * Stops the threads, writes what is queued, flushes, dispatches everything, checkpoints and
     * leaves the clean-shutdown marker so the next open skips recovery. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        StoreThreads running = threads;
        if (running != null) {
            running.stop();
        }
        try {
            if (health.failure() == null) {
                while (stepWriter() > 0) {
                    // Drain every append accepted before close.
                }
                stepFlusher();
                while (stepDispatcher() > 0) {
                    // Catch up so the checkpoint covers the whole log.
                }
                if (health.failure() == null) {
                    checkpoint();
                    storage.openOrCreate(layout.cleanShutdownMarker()).close();
                    storage.syncDirectory(layout.root());
                }
            }
        } finally {
            failQueued();
            segments.close();
            dispatcher.close();
        }
        LOG.info("Store at {} closed{}", config.rootDir(), health.failure() == null ? " cleanly" : " after a failure");
    }

    private void failQueued() {
        List<AppendRequest> left = new ArrayList<>();
        appendQueue.drainTo(left);
        IllegalStateException closedError = new IllegalStateException("store closed before the append was written");
        for (AppendRequest request : left) {
            request.future().completeExceptionally(closedError);
        }
        appender.flusher().failAll(health.failure() != null ? health.failure() : closedError);
    }

    /** Stops all work immediately without flushing, like a crash; for tests of recovery. */
    void abandon() throws IOException {
        closed = true;
        StoreThreads running = threads;
        if (running != null) {
            running.stop();
        }
        failQueued();
        segments.close();
        dispatcher.close();
    }
}
