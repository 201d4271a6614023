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
 * made durable before the next segment existed and cannot be torn by a crash.
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
        RecordScanner.Outcome outcome = scanner.scan(from, Long.MAX_VALUE, Integer.MAX_VALUE, record -> {});
        CorruptRecordException problem = outcome.problem();
        if (problem == null) {
            return outcome.endPosition();
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
        long relative = outcome.endPosition() - damaged.basePosition();
        long size = damaged.sizeBytes();
        LOG.warn(
                "Truncating torn tail of {} at position {}: dropping {} bytes ({})",
                damaged.path(),
                relative,
                size - relative,
                problem.getMessage());
        damaged.truncate(relative);
        damaged.force();
        return outcome.endPosition();
    }
}
