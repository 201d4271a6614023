package io.sluice.mq.standalone;

import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.common.MessageQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every message one consumer group was handed, in order of arrival, with the outage epoch it
 * arrived in (0 before the first outage, k after the k-th began) and a hash of its body.
 * Thread-safe.
 */
final class Deliveries {

    /** One message handed to the application. */
    record Delivery(long nanos, int epoch, MessageQueue queue, long offset, String msgId, int bodyHash) {}

    private final List<Delivery> all = new ArrayList<>();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    void record(ReceivedMessage message, int epoch) {
        Delivery delivery = new Delivery(
                System.nanoTime(),
                epoch,
                message.queue(),
                message.queueOffset(),
                message.msgId(),
                Arrays.hashCode(message.body()));
        synchronized (all) {
            all.add(delivery);
        }
        ids.add(message.msgId());
    }

    /** Whether every one of {@code msgIds} was delivered at least once. */
    boolean containsAll(Collection<String> msgIds) {
        return ids.containsAll(msgIds);
    }

    /** The ids among {@code msgIds} never delivered. */
    Set<String> missing(Collection<String> msgIds) {
        Set<String> missing = new HashSet<>(msgIds);
        missing.removeAll(ids);
        return missing;
    }

    int count() {
        synchronized (all) {
            return all.size();
        }
    }

    List<Delivery> snapshot() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }
}
