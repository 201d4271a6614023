package io.sluice.mq.client.consumer;

import io.sluice.mq.common.MessageQueue;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Which offsets of each queue a push consumer has handed to its listener and not yet finished, so
 * it commits only up to the lowest unfinished message: a crash then redelivers everything not
 * done (at least once) and loses nothing. Thread-safe.
 */
public final class InFlightOffsets {

    private static final class Track {
        final TreeSet<Long> pending = new TreeSet<>();
        long next = -1;
    }

    private final Map<MessageQueue, Track> tracks = new HashMap<>();

    /** Forgets {@code queue} (newly assigned: nothing dispatched yet). */
    public synchronized void reset(MessageQueue queue) {
        tracks.remove(queue);
    }

    /** {@code offset} of {@code queue} was handed to the listener. */
    public synchronized void dispatched(MessageQueue queue, long offset) {
        Track track = tracks.computeIfAbsent(queue, q -> new Track());
        track.pending.add(offset);
        track.next = Math.max(track.next, offset + 1);
    }

    /** The listener finished {@code offset} of {@code queue}. */
    public synchronized void done(MessageQueue queue, long offset) {
        Track track = tracks.get(queue);
        if (track != null) {
            track.pending.remove(offset);
        }
    }

    /**
     * The offset safe to commit for {@code queue}: the lowest unfinished offset, or one past the
     * highest dispatched when all are done; empty before anything was dispatched.
     */
    public synchronized OptionalLong committable(MessageQueue queue) {
        Track track = tracks.get(queue);
        if (track == null || track.next < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(track.pending.isEmpty() ? track.next : track.pending.first());
    }

    /** Messages dispatched and not finished, over all queues. */
    public synchronized int inFlight() {
        int total = 0;
        for (Track track : tracks.values()) {
            total += track.pending.size();
        }
        return total;
    }
}
