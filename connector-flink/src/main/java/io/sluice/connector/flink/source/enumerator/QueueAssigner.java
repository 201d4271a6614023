package io.sluice.connector.flink.source.enumerator;

import io.sluice.mq.common.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.annotation.Internal;

/**
 * Picks the reader of a queue: the topic's queues, sorted, go round-robin over the readers starting
 * at a reader chosen by the topic name's hash, so every topic's queues are spread evenly (their
 * counts differ by at most one per topic) and several topics do not all pile onto reader 0. The
 * owner depends only on the topic, the queue's rank in its topic and the parallelism, so it is the
 * same in every run and after a restore. Thread-safe (stateless).
 */
@Internal
public final class QueueAssigner {

    private QueueAssigner() {}

    /** The reader of {@code queue} among {@code parallelism} readers, given all known queues. */
    public static int owner(MessageQueue queue, Set<MessageQueue> known, int parallelism) {
        if (parallelism <= 0) {
            throw new IllegalArgumentException("parallelism must be > 0, was " + parallelism);
        }
        List<MessageQueue> sameTopic = new ArrayList<>();
        for (MessageQueue candidate : new TreeSet<>(known)) {
            if (candidate.topic().equals(queue.topic())) {
                sameTopic.add(candidate);
            }
        }
        int rank = sameTopic.indexOf(queue);
        if (rank < 0) {
            rank = sameTopic.size();
        }
        int start = ((queue.topic().hashCode() * 31) & Integer.MAX_VALUE) % parallelism;
        return (start + rank) % parallelism;
    }
}
