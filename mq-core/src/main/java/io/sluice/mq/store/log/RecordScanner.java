package io.sluice.mq.store.log;

import io.sluice.mq.common.CorruptRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Walks the commit log record by record, validating each one, and stops at the first byte that is
 * not a valid record. Used by recovery (which decides whether to truncate or refuse to start), by
 * the dispatcher that derives the consume queues, and by tests that re-scan the log.
 *
 * <p>Not thread-safe: owns a read buffer. One scanner per thread.
 */
public final class RecordScanner {

    /** Receives each valid record; the view is only valid during the call. */
    @FunctionalInterface
    public interface RecordVisitor {
        void visit(StoredRecord record) throws IOException;
    }

    /**
     * Where a scan ended.
     *
     * @param endPosition the log position after the last valid record (or blank tail) visited
     * @param records how many records were visited
     * @param problem why the scan stopped early, or null if it reached the limit or the log's end
     * @param problemSegment the segment holding the bad bytes, or null
     */
    public record Outcome(long endPosition, int records, CorruptRecordException problem, Segment problemSegment) {}

    private final SegmentSet segments;
    private final ByteBuffer buffer;
    private long bufferStart = -1;
    private Segment sizedSegment;
    private long sizedBytes;

    /** A scanner whose buffer holds {@code bufferBytes}, which must be at least the largest record. */
    public RecordScanner(SegmentSet segments, int bufferBytes) {
        this.segments = segments;
        this.buffer = ByteBuffer.allocate(bufferBytes);
        this.buffer.limit(0);
    }

    /**
     * Visits valid records from {@code from} (a record boundary) until {@code limit}, {@code
     * maxRecords}, the end of the log, or the first invalid byte.
     */
    public Outcome scan(long from, long limit, int maxRecords, RecordVisitor visitor) throws IOException {
        long position = from;
        int visited = 0;
        int segmentSize = segments.segmentSizeBytes();
        while (position < limit && visited < maxRecords) {
            Segment segment = segments.segmentFor(position);
            if (segment == null) {
                break;
            }
            long relative = position - segment.basePosition();
            long rangeLeft = segmentSize - relative;
            if (rangeLeft < RecordCodec.BLANK_SIZE) {
                position = segment.basePosition() + segmentSize;
                continue;
            }
            long fileSize = sizeAtLeast(segment, relative + RecordCodec.BLANK_SIZE);
            if (relative >= fileSize) {
                if (segment == segments.active()) {
                    break;
                }
                return stop(position, visited, segment, "sealed segment ends without an end marker");
            }
            if (relative + RecordCodec.BLANK_SIZE > fileSize) {
                return stop(position, visited, segment, "torn record header");
            }
            fill(segment, position, RecordCodec.BLANK_SIZE);
            int offset = (int) (position - bufferStart);
            int size = buffer.getInt(offset);
            if (buffer.getInt(offset + 4) == RecordCodec.BLANK_MAGIC) {
                if (size != rangeLeft) {
                    return stop(position, visited, segment, "end marker size " + size + " != " + rangeLeft);
                }
                position = segment.basePosition() + segmentSize;
                continue;
            }
            String sizeProblem = sizeProblem(segment, relative, size, rangeLeft);
            if (sizeProblem != null) {
                return stop(position, visited, segment, sizeProblem);
            }
            fill(segment, position, size);
            offset = (int) (position - bufferStart);
            ByteBuffer record =
                    buffer.duplicate().position(offset).limit(offset + size).slice();
            try {
                RecordCodec.check(record, position, segment.path().toString(), relative);
            } catch (CorruptRecordException corrupt) {
                return new Outcome(position, visited, corrupt, segment);
            }
            visitor.visit(new StoredRecord(record));
            position += size;
            visited++;
        }
        return new Outcome(position, visited, null, null);
    }

    /** Why a record of {@code size} bytes cannot start at {@code relative}, or null if it can. */
    private String sizeProblem(Segment segment, long relative, int size, long rangeLeft) throws IOException {
        if (size < RecordCodec.MIN_RECORD_SIZE || size > rangeLeft || size > buffer.capacity()) {
            return "record size " + size + " out of bounds";
        }
        long fileSize = sizeAtLeast(segment, relative + size);
        if (relative + size > fileSize) {
            return "torn record: " + size + " bytes declared, " + (fileSize - relative) + " present";
        }
        return null;
    }

    /**
     * The segment's size, asking the file system only when the cached size is below {@code
     * needed}: one {@code fstat} per record cost a tenth of the dispatcher's time.
     */
    private long sizeAtLeast(Segment segment, long needed) throws IOException {
        if (segment != sizedSegment || sizedBytes < needed) {
            sizedSegment = segment;
            sizedBytes = segment.sizeBytes();
        }
        return sizedBytes;
    }

    private Outcome stop(long position, int visited, Segment segment, String reason) {
        long relative = position - segment.basePosition();
        return new Outcome(
                position, visited, new CorruptRecordException(segment.path().toString(), relative, reason), segment);
    }

    /** Makes the buffer hold at least {@code length} bytes starting at {@code position}. */
    private void fill(Segment segment, long position, int length) throws IOException {
        if (bufferStart >= 0 && position >= bufferStart && position + length <= bufferStart + buffer.limit()) {
            return;
        }
        buffer.clear();
        long relative = position - segment.basePosition();
        while (buffer.position() < length) {
            int n = segment.read(buffer, relative + buffer.position());
            if (n < 0) {
                break;
            }
        }
        buffer.flip();
        bufferStart = position;
    }

    /** Forgets buffered bytes, for example after the file under them was truncated. */
    public void reset() {
        buffer.limit(0);
        bufferStart = -1;
        sizedSegment = null;
    }

    /** Scans the whole log and returns every record's bytes; for tests and tools, not hot paths. */
    public static List<ByteBuffer> readAll(SegmentSet segments, int bufferBytes) throws IOException {
        List<ByteBuffer> records = new java.util.ArrayList<>();
        RecordScanner scanner = new RecordScanner(segments, bufferBytes);
        Outcome outcome = scanner.scan(segments.minPosition(), Long.MAX_VALUE, Integer.MAX_VALUE, record -> {
            ByteBuffer copy = ByteBuffer.allocate(record.size());
            copy.put(record.bytes()).flip();
            records.add(copy);
        });
        if (outcome.problem() != null) {
            throw outcome.problem();
        }
        return records;
    }
}
