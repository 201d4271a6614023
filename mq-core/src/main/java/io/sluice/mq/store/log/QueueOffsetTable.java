package io.sluice.mq.store.log;

import java.util.HashMap;
import java.util.Map;

/**
 * The next queue offset of every queue, which the writer stamps into each record. Rebuilt at start
 * from the consume queues after recovery.
 *
 * <p>Confined to the writer thread (and to recovery before the writer starts).
 */
public final class QueueOffsetTable {

    private final Map<String, long[]> next = new HashMap<>();

    /** Returns the next offset of {@code topic}/{@code queueId} and advances it by one. */
    long assign(String topic, int queueId) {
        long[] slot = next.computeIfAbsent(key(topic, queueId), k -> new long[1]);
        return slot[0]++;
    }

    /** Sets the next offset of a queue; used when loading state. */
    public void set(String topic, int queueId, long nextOffset) {
        next.computeIfAbsent(key(topic, queueId), k -> new long[1])[0] = nextOffset;
    }

    /** The next offset of a queue, 0 for a queue never written. */
    public long peek(String topic, int queueId) {
        long[] slot = next.get(key(topic, queueId));
        return slot == null ? 0L : slot[0];
    }

    private static String key(String topic, int queueId) {
        return topic + '\u0000' + queueId;
    }
}
