package io.sluice.mq.store;

import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.index.ConsumeQueue;
import io.sluice.mq.store.index.Dispatcher;
import io.sluice.mq.store.log.RecordCodec;
import io.sluice.mq.store.log.Segment;
import io.sluice.mq.store.log.SegmentSet;
import io.sluice.mq.store.log.StoredRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * The read side of the store: queue reads, reads by position, key lookups and time search. Every
 * record read from the commit log is validated (size, magic, position, CRCs) before it is returned.
 *
 * <p>Thread-safe: holds no mutable state; reads go through the segments' and queues' snapshots.
 */
final class StoreReader {

    /** Most consume-queue entries one filtered read scans. */
    static final int FILTERED_SCAN_ENTRIES = 2048;
    /** Consume-queue entries a filtered read fetches at a time. */
    private static final int FILTERED_CHUNK_ENTRIES = 256;

    private final SegmentSet segments;
    private final Dispatcher dispatcher;
    private final int maxRecordBytes;

    StoreReader(SegmentSet segments, Dispatcher dispatcher, int maxRecordBytes) {
        this.segments = segments;
        this.dispatcher = dispatcher;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Reads matching messages of {@code queue} from {@code fromOffset}. Without filters it looks at
     * {@code maxMessages} entries; with a filter it scans up to {@link #FILTERED_SCAN_ENTRIES}
     * entries (or {@code maxMessages}, if larger) for {@code maxMessages} matches, so that a
     * selective filter does not cost one round trip per few entries. Entries skipped by a filter
     * still advance {@code nextBeginOffset}.
     *
     * @param tagFilter tests the consume-queue tag hash, before the record is read; null = all
     * @param propertiesFilter tests the record's properties string (read from the commit log, the
     *     body is not copied) of entries that passed {@code tagFilter}; null = all
     */
    GetResult getMessages(
            TopicQueue queue,
            long fromOffset,
            int maxMessages,
            int maxBytes,
            LongPredicate tagFilter,
            Predicate<String> propertiesFilter)
            throws IOException {
        ConsumeQueue consumeQueue = dispatcher.queues().get(queue);
        GetResult outside = outsideQueue(consumeQueue, fromOffset);
        if (outside != null) {
            return outside;
        }
        boolean filtered = tagFilter != null || propertiesFilter != null;
        long scanEnd = fromOffset + (filtered ? Math.max(maxMessages, FILTERED_SCAN_ENTRIES) : maxMessages);
        int chunk = filtered ? Math.max(maxMessages, FILTERED_CHUNK_ENTRIES) : maxMessages;
        Batch batch = new Batch(fromOffset, maxMessages, maxBytes, segments.minPosition());
        long at = fromOffset;
        while (at < scanEnd && !batch.full()) {
            List<ConsumeQueue.Entry> entries = consumeQueue.read(at, (int) Math.min(chunk, scanEnd - at));
            if (entries.isEmpty()) {
                break;
            }
            for (ConsumeQueue.Entry entry : entries) {
                if (!offer(batch, entry, tagFilter, propertiesFilter)) {
                    break;
                }
            }
            at = entries.get(entries.size() - 1).queueOffset() + 1;
        }
        return batch.result(consumeQueue.minOffset(), consumeQueue.nextOffset());
    }

    /**
     * Adds {@code entry}'s record to {@code batch} if it passes the filters; false when the batch
     * is full (by count or bytes) and the entry was not consumed.
     */
    private boolean offer(
            Batch batch, ConsumeQueue.Entry entry, LongPredicate tagFilter, Predicate<String> propertiesFilter)
            throws IOException {
        if (batch.full()) {
            return false;
        }
        if (entry.logPosition() < batch.minPosition) {
            batch.skipRemoved(entry);
            return true;
        }
        if (!batch.messages.isEmpty() && batch.bytes + entry.size() > batch.maxBytes) {
            batch.closed = true;
            return false;
        }
        batch.next = entry.queueOffset() + 1;
        if (tagFilter != null && !tagFilter.test(entry.tagHash())) {
            return true;
        }
        ByteBuffer record = read(entry.logPosition(), entry.size());
        if (propertiesFilter == null || propertiesFilter.test(new StoredRecord(record).properties())) {
            batch.messages.add(record);
            batch.bytes += entry.size();
        }
        return true;
    }

    /** The records one read collects, and where the next read continues. Not thread-safe. */
    private static final class Batch {
        final List<ByteBuffer> messages = new ArrayList<>();
        final int maxMessages;
        final int maxBytes;
        final long minPosition;
        long next;
        int bytes;
        boolean skippedRemoved;
        boolean closed;

        Batch(long fromOffset, int maxMessages, int maxBytes, long minPosition) {
            this.next = fromOffset;
            this.maxMessages = maxMessages;
            this.maxBytes = maxBytes;
            this.minPosition = minPosition;
        }

        boolean full() {
            return closed || messages.size() >= maxMessages;
        }

        void skipRemoved(ConsumeQueue.Entry entry) {
            next = entry.queueOffset() + 1;
            skippedRemoved = true;
        }

        GetResult result(long min, long max) {
            GetStatus status = !messages.isEmpty()
                    ? GetStatus.FOUND
                    : (skippedRemoved ? GetStatus.MESSAGE_WAS_REMOVING : GetStatus.NO_MATCHED_MESSAGE);
            return new GetResult(status, next, min, max, messages);
        }
    }

    /** The answer when {@code fromOffset} is not inside the queue's readable range, else null. */
    private static GetResult outsideQueue(ConsumeQueue consumeQueue, long fromOffset) {
        if (consumeQueue == null || consumeQueue.nextOffset() == consumeQueue.minOffset()) {
            long next = consumeQueue == null ? 0 : consumeQueue.nextOffset();
            GetStatus status = consumeQueue == null || fromOffset == next
                    ? GetStatus.NO_MESSAGE_IN_QUEUE
                    : (fromOffset < next ? GetStatus.OFFSET_TOO_SMALL : GetStatus.OFFSET_OVERFLOW_BADLY);
            return new GetResult(status, next, next, next, List.of());
        }
        long min = consumeQueue.minOffset();
        long max = consumeQueue.nextOffset();
        if (fromOffset < min) {
            return new GetResult(GetStatus.OFFSET_TOO_SMALL, min, min, max, List.of());
        }
        if (fromOffset >= max) {
            GetStatus status = fromOffset == max ? GetStatus.OFFSET_OVERFLOW_ONE : GetStatus.OFFSET_OVERFLOW_BADLY;
            return new GetResult(status, max, min, max, List.of());
        }
        return null;
    }

    /** The segment holding {@code logPosition}, or an error naming the retained range. */
    private Segment segmentHolding(long logPosition) {
        Segment segment = segments.segmentFor(logPosition);
        if (segment == null) {
            throw new CorruptRecordException(
                    "commitlog",
                    logPosition,
                    "no segment holds this position (retained from " + segments.minPosition() + ")");
        }
        return segment;
    }

    /** Reads and validates the record of {@code size} bytes at {@code logPosition}. */
    ByteBuffer read(long logPosition, int size) throws IOException {
        Segment segment = segmentHolding(logPosition);
        long relative = logPosition - segment.basePosition();
        if (size < RecordCodec.MIN_RECORD_SIZE || size > maxRecordBytes) {
            throw new CorruptRecordException(
                    segment.path().toString(), relative, "record size " + size + " out of bounds");
        }
        // A mapped view needs neither a system call nor a copy, and goes to the socket as it is.
        ByteBuffer record = segment.view(relative, size);
        if (record == null) {
            record = ByteBuffer.allocate(size);
            segment.readFully(record, relative);
            record.flip();
        }
        RecordCodec.check(record, logPosition, segment.path().toString(), relative);
        return record;
    }

    /** Reads the record at {@code logPosition}, learning its size from its first four bytes. */
    ByteBuffer read(long logPosition) throws IOException {
        Segment segment = segmentHolding(logPosition);
        ByteBuffer size = ByteBuffer.allocate(4);
        segment.readFully(size, logPosition - segment.basePosition());
        return read(logPosition, size.getInt(0));
    }

    List<ByteBuffer> queryByKey(String topic, String key, int maxResults, long beginMs, long endMs) throws IOException {
        List<ByteBuffer> found = new ArrayList<>();
        long minPosition = segments.minPosition();
        for (long position : dispatcher.index().lookup(topic, key, beginMs, endMs, maxResults * 4)) {
            if (found.size() >= maxResults || position < minPosition || position >= dispatcher.dispatchedPosition()) {
                continue;
            }
            ByteBuffer record = read(position);
            StoredRecord view = new StoredRecord(record);
            if (view.topic().equals(topic) && hasKey(view.properties(), key)) {
                found.add(record);
            }
        }
        return found;
    }

    private static boolean hasKey(String properties, String key) {
        if (key.equals(MessageProperties.find(properties, MessageProperties.UNIQUE_KEY))) {
            return true;
        }
        String keys = MessageProperties.find(properties, MessageProperties.KEYS);
        return keys != null && Arrays.asList(keys.split(" ")).contains(key);
    }

    /**
     * The store timestamp of the record at {@code logPosition}, reading only its fixed header
     * (at most 76 bytes) instead of the whole record on every binary-search step.
     */
    private long storeTimestampAt(long logPosition) throws IOException {
        Segment segment = segmentHolding(logPosition);
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.TIMESTAMP_PREFIX_BYTES);
        segment.readFully(header, logPosition - segment.basePosition());
        long stated = header.getLong(RecordCodec.OFFSET_PHYSICAL_OFFSET);
        if (stated != logPosition) {
            throw new CorruptRecordException(
                    segment.path().toString(),
                    logPosition - segment.basePosition(),
                    "record says position " + stated + ", read at " + logPosition);
        }
        return new StoredRecord(header.flip()).storeTimestampMs();
    }

    /** The first queue offset whose store timestamp is at or after {@code timestampMs}. */
    long offsetForTimestamp(TopicQueue queue, long timestampMs) throws IOException {
        ConsumeQueue consumeQueue = dispatcher.queues().get(queue);
        if (consumeQueue == null) {
            return 0;
        }
        long low = consumeQueue.minOffset();
        long high = consumeQueue.nextOffset();
        long minPosition = segments.minPosition();
        while (low < high) {
            long mid = (low + high) >>> 1;
            ConsumeQueue.Entry entry = consumeQueue.entry(mid);
            boolean before = entry == null
                    || entry.logPosition() < minPosition
                    || storeTimestampAt(entry.logPosition()) < timestampMs;
            if (before) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
