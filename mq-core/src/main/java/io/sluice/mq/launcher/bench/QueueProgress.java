package io.sluice.mq.launcher.bench;

import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.common.MessageQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a bench consumer started in each queue and the queue's end at that moment: how many queue
 * entries it has scanned since (delivered or skipped by a filter), and whether it reached those
 * ends. Not thread-safe; used by the bench's one thread.
 */
final class QueueProgress {

    private final Map<MessageQueue, long[]> startAndEnd;

    private QueueProgress(Map<MessageQueue, long[]> startAndEnd) {
        this.startAndEnd = startAndEnd;
    }

    /**
     * Records where each queue starts (its min offset when {@code earliest}, else its max) and its
     * current end. Taken from the broker, not from the consumer's position: a fetch that already
     * ran would put the position at the first message a filter let through.
     */
    static QueueProgress start(Consumer consumer, List<MessageQueue> queues, boolean earliest) {
        Map<MessageQueue, long[]> startAndEnd = new LinkedHashMap<>();
        for (MessageQueue queue : queues) {
            long end = consumer.maxOffset(queue);
            startAndEnd.put(queue, new long[] {earliest ? consumer.minOffset(queue) : end, end});
        }
        return new QueueProgress(startAndEnd);
    }

    /** Seeks every queue to its recorded start. */
    void seekToStart(Consumer consumer) {
        startAndEnd.forEach((queue, startEnd) -> consumer.seek(queue, startEnd[0]));
    }

    /** Whether every queue was read up to the end it had at the start. */
    boolean atEnd(Consumer consumer) {
        return startAndEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue()[1]);
    }

    /** Queue entries passed so far, summed over the queues. */
    long scanned(Consumer consumer) {
        long scanned = 0;
        for (Map.Entry<MessageQueue, long[]> entry : startAndEnd.entrySet()) {
            scanned += Math.max(0, consumer.position(entry.getKey()) - entry.getValue()[0]);
        }
        return scanned;
    }
}
