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
     * @param segments the log
     * @param fromPosition a record boundary known to be durable (the dispatch checkpoint)
     * @param scanBufferBytes at least the largest record
     * @return the log position after the last valid record
     * @throws MqException if a sealed segment is corrupt
     */
    public static long recover(SegmentSet segments, long fromPosition, int scanBufferBytes) throws IOException {
        RecordScanner scanner = new RecordScanner(segments, scanBufferBytes);
        RecordScanner.Outcome outcome = scanner.scan(fromPosition, Long.MAX_VALUE, Integer.MAX_VALUE, record -> {});
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
