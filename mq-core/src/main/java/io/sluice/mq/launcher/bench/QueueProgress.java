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

    /** Records the start position and the current end of every queue. */
    static QueueProgress start(Consumer consumer, List<MessageQueue> queues) {
        Map<MessageQueue, long[]> startAndEnd = new LinkedHashMap<>();
        for (MessageQueue queue : queues) {
            startAndEnd.put(queue, new long[] {consumer.position(queue), consumer.maxOffset(queue)});
        }
        return new QueueProgress(startAndEnd);
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
