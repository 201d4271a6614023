package io.sluice.mq.store.log;

import io.sluice.mq.common.Clock;
import io.sluice.mq.store.AppendResult;
import io.sluice.mq.store.FlushMode;
import io.sluice.mq.store.MessageDraft;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The single writer of the commit log. It takes a batch of append requests, stamps each record
 * with its queue offset, log position and store timestamp, encodes the batch into one buffer and
 * writes it with as few write calls as the buffer allows. A request never spans two segments: if
 * it does not fit in the active one, the writer seals that segment (end marker, then fsync) and
 * rolls to the next.
 *
 * <p>Confined to the writer thread, apart from {@link #writtenPosition()}, which other threads read.
 * A failed write fail-stops the store through {@link StoreHealth}: the failing request and every
 * later one fail, nothing is retried.
 */
public final class LogAppender {

    private final SegmentSet segments;
    private final QueueOffsetTable queueOffsets;
    private final Flusher flusher;
    private final StoreHealth health;
    private final Clock clock;
    private final FlushMode flushMode;
    private final ByteBuffer buffer;
    private long writePosition;
    private long bufferStartPosition;
    private volatile long writtenPosition;

    /** Everything the appender shares with the rest of the store. */
    public record Wiring(
            SegmentSet segments,
            QueueOffsetTable queueOffsets,
            StoreHealth health,
            Clock clock,
            FlushMode flushMode,
            int bufferBytes) {}

    /**
     * @param wiring the shared parts
     * @param startPosition the end of the recovered log, where the next record goes
     * @param flusherFactory builds the flusher from this appender's written position
     */
    public LogAppender(Wiring wiring, long startPosition, Function<LogAppender, Flusher> flusherFactory) {
        this.segments = wiring.segments();
        this.queueOffsets = wiring.queueOffsets();
        this.health = wiring.health();
        this.clock = wiring.clock();
        this.flushMode = wiring.flushMode();
        this.buffer = ByteBuffer.allocateDirect(wiring.bufferBytes());
        this.writePosition = startPosition;
        this.bufferStartPosition = startPosition;
        this.writtenPosition = startPosition;
        this.flusher = flusherFactory.apply(this);
    }

    /** The flusher that acknowledges this appender's writes. */
    public Flusher flusher() {
        return flusher;
    }

    /** The log position after the last byte handed to the file system. Any thread. */
    public long writtenPosition() {
        return writtenPosition;
    }

    /** Writes {@code batch} and hands each request to its acknowledgement path. Writer thread. */
    public void append(List<AppendRequest> batch) {
        List<AppendRequest> accepted = new ArrayList<>(batch.size());
        for (AppendRequest request : batch) {
            if (health.failure() != null) {
                request.fail(health.failure());
                continue;
            }
            try {
                place(request);
                accepted.add(request);
            } catch (IOException e) {
                health.fail("appending to the commit log at position " + writePosition, e);
                request.fail(health.failure());
            }
        }
        try {
            writeBuffer();
        } catch (IOException e) {
            health.fail("writing the commit log at position " + bufferStartPosition, e);
        }
        acknowledge(accepted);
    }

    private void acknowledge(List<AppendRequest> accepted) {
        if (health.failure() != null) {
            for (AppendRequest request : accepted) {
                request.fail(health.failure());
            }
            flusher.failAll(health.failure());
            return;
        }
        for (AppendRequest request : accepted) {
            if (flushMode == FlushMode.SYNC_FLUSH) {
                flusher.awaitDurable(request);
            } else {
                request.complete();
            }
        }
    }

    private void place(AppendRequest request) throws IOException {
        int segmentSize = segments.segmentSizeBytes();
        Segment active = segments.active();
        if (active == null) {
            active = segments.roll(writePosition - writePosition % segmentSize);
        }
        long relative = writePosition - active.basePosition();
        if (relative + request.totalBytes() > segmentSize) {
            writeBuffer();
            seal(active, relative);
            active = segments.roll(active.basePosition() + segmentSize);
            writePosition = active.basePosition();
            bufferStartPosition = writePosition;
            writtenPosition = writePosition;
        }
        if (buffer.remaining() < request.totalBytes()) {
            writeBuffer();
        }
        long storeTimestamp = clock.nowMs();
        long firstPosition = writePosition;
        long firstQueueOffset = -1;
        int[] sizes = new int[request.records().size()];
        long[] offsets = new long[sizes.length];
        int index = 0;
        for (PreparedRecord record : request.records()) {
            sizes[index] = record.size();
            MessageDraft draft = record.draft();
            long queueOffset = queueOffsets.assign(draft.topic(), draft.queueId());
            offsets[index++] = queueOffset;
            if (firstQueueOffset < 0) {
                firstQueueOffset = queueOffset;
            }
            boolean unitContinues = index < sizes.length;
            RecordCodec.encode(
                    record,
                    new RecordCodec.Placement(queueOffset, writePosition, storeTimestamp, unitContinues),
                    buffer);
            writePosition += record.size();
        }
        request.written(
                new AppendResult(
                        firstPosition,
                        firstQueueOffset,
                        request.records().size(),
                        request.totalBytes(),
                        storeTimestamp,
                        sizes,
                        offsets),
                writePosition);
    }

    /** Writes the end marker (when it fits) and makes the whole segment durable. */
    private void seal(Segment segment, long relative) throws IOException {
        long rangeLeft = segments.segmentSizeBytes() - relative;
        if (rangeLeft >= RecordCodec.BLANK_SIZE) {
            ByteBuffer marker = ByteBuffer.allocate(RecordCodec.BLANK_SIZE);
            RecordCodec.encodeBlank((int) rangeLeft, marker);
            marker.flip();
            segment.write(marker, relative);
        }
        segment.force();
    }

    private void writeBuffer() throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        Segment target = segments.segmentFor(bufferStartPosition);
        target.write(buffer, bufferStartPosition - target.basePosition());
        buffer.clear();
        bufferStartPosition = writePosition;
        writtenPosition = writePosition;
    }
}
