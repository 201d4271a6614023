package io.sluice.mq.store.log;

import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.common.MqException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the end of the valid log after an unclean shutdown: validates every record from the last
 * checkpoint, truncates a torn or corrupt tail of the newest segment (logging file, position and
 * bytes dropped), and refuses to start if an older, sealed segment is damaged, since those were
 * made durable before the next segment existed and cannot be torn by a crash. A unit (the records
 * of one append request) whose last record did not survive is dropped whole, so a batch or a
 * transaction commit is never half kept; units never span segments, so this only ever cuts the
 * newest one.
 *
 * <p>Runs once, single-threaded, before any other store thread starts.
 */
public final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    private LogRecovery() {}

    /**
     * Validates from the start of the newest segment (or from {@code durablePosition} if that is
     * older) to the end of the log.
     *
     * @param segments the log
     * @param durablePosition a record boundary up to which the log was forced (the dispatch
     *     checkpoint); damage below it is corruption, not a torn write
     * @param scanBufferBytes at least the largest record
     * @return the log position after the last valid record
     * @throws MqException if a sealed segment, or the newest one below {@code durablePosition}, is corrupt
     */
    public static long recover(SegmentSet segments, long durablePosition, int scanBufferBytes) throws IOException {
        RecordScanner scanner = new RecordScanner(segments, scanBufferBytes);
        Segment newest = segments.active();
        long from = newest == null ? durablePosition : Math.min(durablePosition, newest.basePosition());
        UnitTracker units = new UnitTracker(from);
        RecordScanner.Outcome outcome = scanner.scan(from, Long.MAX_VALUE, Integer.MAX_VALUE, units);
        CorruptRecordException problem = outcome.problem();
        if (problem == null && !units.open()) {
            return outcome.endPosition();
        }
        if (problem == null) {
            return dropIncompleteUnit(segments, units, durablePosition, outcome.endPosition());
        }
        Segment damaged = outcome.problemSegment();
        if (damaged != segments.active()) {
            throw new MqException(
                    "refusing to start: sealed commit-log segment " + problem.file()
                            + " is corrupt at position " + problem.position() + " (" + problem.getMessage()
                            + "). Sealed segments were fsynced before the next one was created, so this is "
                            + "disk corruption, not a crash; restore the file or move it aside",
                    problem);
        }
        if (outcome.endPosition() < durablePosition) {
            throw new MqException(
                    "refusing to start: commit-log segment " + problem.file() + " is corrupt at "
                            + "position " + problem.position() + " (" + problem.getMessage() + "), below the position "
                            + durablePosition + " that was forced before the last checkpoint; this is disk corruption, "
                            + "not a crash",
                    problem);
        }
        long end = units.open() ? units.start() : outcome.endPosition();
        if (end < durablePosition) {
            throw incompleteUnitBelowCheckpoint(damaged, units, durablePosition);
        }
        truncate(damaged, end, problem.getMessage() + (units.open() ? ", and the unit it interrupted" : ""));
        return end;
    }

    private static long dropIncompleteUnit(SegmentSet segments, UnitTracker units, long durablePosition, long end)
            throws IOException {
        Segment segment = segments.segmentFor(units.start());
        if (units.start() < durablePosition || segment != segments.active()) {
            throw incompleteUnitBelowCheckpoint(segment, units, durablePosition);
        }
        truncate(segment, units.start(), "the log ends at " + end + " inside a unit whose last record is missing");
        return units.start();
    }

    private static MqException incompleteUnitBelowCheckpoint(Segment segment, UnitTracker units, long durable) {
        return new MqException("refusing to start: commit-log segment " + segment.path() + " holds a unit starting at "
                + "position " + units.start() + " whose last record is missing, below the position " + durable
                + " that was forced before the last checkpoint (or in a sealed segment); this is disk corruption, "
                + "not a crash");
    }

    private static void truncate(Segment segment, long position, String reason) throws IOException {
        long relative = position - segment.basePosition();
        long size = segment.sizeBytes();
        LOG.warn(
                "Truncating torn tail of {} at position {}: dropping {} bytes ({})",
                segment.path(),
                relative,
                size - relative,
                reason);
        segment.truncate(relative);
        segment.force();
    }

    /** Remembers where the unit being scanned started and whether its last record was seen. */
    private static final class UnitTracker implements RecordScanner.RecordVisitor {
        private long start;
        private boolean open;

        UnitTracker(long from) {
            this.start = from;
        }

        @Override
        public void visit(StoredRecord record) {
            if (!open) {
                start = record.logPosition();
            }
            open = record.unitContinues();
        }

        long start() {
            return start;
        }

        boolean open() {
            return open;
        }
    }
}
