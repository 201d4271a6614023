package io.sluice.mq.broker.lock;

import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MessageQueue;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Leases on queues for ordered consumption: at most one client of a consumer group holds a queue
 * at a time, so only that client pulls and consumes it. A lease lasts {@code maxLiveNanos} from its
 * last grant; the holder renews it by locking again (the official clients do every 20 s against
 * RocketMQ's 60 s lease). A queue is granted to another client only once the lease expired or its
 * holder is no longer a live member of the group (unregistered, connection closed, heartbeat
 * expired), which the caller's liveness test reports. Only the holder can unlock.
 *
 * <p>Memory is bounded by groups × queues: one entry per locked (group, queue), removed on unlock
 * and replaced on takeover. Time is passed in ({@code nowNanos}, from the broker's {@code Clock}),
 * so tests step it.
 *
 * <p>Thread-safe: every method runs under one private lock; calls are short and in memory.
 */
public final class QueueLockTable {

    /** The current lease of a queue: who holds it and when it was last granted. */
    private record Lease(String clientId, long grantedNanos) {}

    private final long maxLiveNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Map<MessageQueue, Lease>> byGroup = new HashMap<>();

    /** A table whose leases last {@code maxLiveNanos} after each grant. */
    public QueueLockTable(long maxLiveNanos) {
        Checks.argument(maxLiveNanos > 0, "lock lease must be positive, was %s ns", maxLiveNanos);
        this.maxLiveNanos = maxLiveNanos;
    }

    /**
     * Grants or renews {@code clientId}'s leases on {@code queues} for {@code group}.
     *
     * @param live whether a client id is still a live member of the group
     * @return the queues {@code clientId} holds after the call (a subset of {@code queues}, in
     *     their order); the others are held by another live client with an unexpired lease
     */
    public Set<MessageQueue> lock(
            String group, String clientId, Set<MessageQueue> queues, long nowNanos, Predicate<String> live) {
        lock.lock();
        try {
            Map<MessageQueue, Lease> leases = byGroup.computeIfAbsent(group, g -> new HashMap<>());
            Set<MessageQueue> granted = new LinkedHashSet<>();
            for (MessageQueue queue : queues) {
                Lease current = leases.get(queue);
                boolean free = current == null
                        || current.clientId().equals(clientId)
                        || expired(current, nowNanos)
                        || !live.test(current.clientId());
                if (free) {
                    leases.put(queue, new Lease(clientId, nowNanos));
                    granted.add(queue);
                }
            }
            return granted;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases {@code clientId}'s leases on {@code queues}; queues held by someone else are left
     * alone (a late unlock from a previous owner must not free a queue its new owner consumes).
     *
     * @return how many leases were released
     */
    public int unlock(String group, String clientId, Set<MessageQueue> queues) {
        lock.lock();
        try {
            Map<MessageQueue, Lease> leases = byGroup.get(group);
            if (leases == null) {
                return 0;
            }
            int released = 0;
            for (MessageQueue queue : queues) {
                Lease current = leases.get(queue);
                if (current != null && current.clientId().equals(clientId)) {
                    leases.remove(queue);
                    released++;
                }
            }
            if (leases.isEmpty()) {
                byGroup.remove(group);
            }
            return released;
        } finally {
            lock.unlock();
        }
    }

    /** The client holding an unexpired lease on {@code queue} for {@code group}, if any. */
    public Optional<String> holder(String group, MessageQueue queue, long nowNanos) {
        lock.lock();
        try {
            Lease current = byGroup.getOrDefault(group, Map.of()).get(queue);
            return current == null || expired(current, nowNanos) ? Optional.empty() : Optional.of(current.clientId());
        } finally {
            lock.unlock();
        }
    }

    private boolean expired(Lease lease, long nowNanos) {
        return nowNanos - lease.grantedNanos() > maxLiveNanos;
    }
}
