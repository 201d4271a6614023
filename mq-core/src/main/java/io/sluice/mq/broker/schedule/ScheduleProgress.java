package io.sluice.mq.broker.schedule;

import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.store.MetadataFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The saved progress of delayed delivery, a {@link MetadataFile} ({@code config/schedule-progress}:
 * magic, version, CRC32C, atomic replace). Payload, version 1, big-endian:
 *
 * <pre>
 *  4        level count n
 *  8 x n    per delay level, the next SCHEDULE_TOPIC_XXXX queue offset to release
 *  8        timer R: the next rmq_sys_wheel_timer queue offset to read
 *  8        timer W: the fire-time watermark, epoch ms ({@link TimerDelivery})
 * </pre>
 *
 * A different level count at start (the operator changed {@code messageDelayLevel}) keeps the
 * common levels' cursors; new levels start at 0.
 *
 * <p>Not thread-safe: the schedule thread loads and saves.
 */
final class ScheduleProgress {

    private static final short VERSION = 1;

    /** Loaded or saved progress: {@code levelCursors} then the timer's R and W. */
    record State(long[] levelCursors, long timerReadOffset, long timerWatermarkMs) {

        /** Flattened: level cursors, R, W. */
        long[] toArray() {
            long[] all = Arrays.copyOf(levelCursors, levelCursors.length + 2);
            all[levelCursors.length] = timerReadOffset;
            all[levelCursors.length + 1] = timerWatermarkMs;
            return all;
        }

        static State fromArray(long[] all) {
            int levels = all.length - 2;
            return new State(Arrays.copyOf(all, levels), all[levels], all[levels + 1]);
        }
    }

    private final MetadataFile file;

    ScheduleProgress(MetadataFile file) {
        this.file = file;
    }

    /** The saved state resized to {@code levels}, or a fresh one (all zero) when nothing was saved. */
    State load(int levels) throws IOException {
        Optional<ByteBuffer> payload = file.read(VERSION);
        if (payload.isEmpty()) {
            return new State(new long[levels], 0, 0);
        }
        ByteBuffer in = payload.get();
        int saved = in.getInt();
        if (saved < 0 || in.remaining() != 8L * saved + 16) {
            throw new CorruptRecordException(
                    file.path().toString(), 0, "level count " + saved + " does not match " + in.remaining() + " bytes");
        }
        long[] cursors = new long[levels];
        for (int i = 0; i < saved; i++) {
            long cursor = in.getLong();
            if (i < levels) {
                cursors[i] = cursor;
            }
        }
        return new State(cursors, in.getLong(), in.getLong());
    }

    void save(State state) throws IOException {
        long[] cursors = state.levelCursors();
        ByteBuffer out = ByteBuffer.allocate(4 + 8 * cursors.length + 16);
        out.putInt(cursors.length);
        for (long cursor : cursors) {
            out.putLong(cursor);
        }
        out.putLong(state.timerReadOffset()).putLong(state.timerWatermarkMs());
        file.write(VERSION, out.array());
    }
}
