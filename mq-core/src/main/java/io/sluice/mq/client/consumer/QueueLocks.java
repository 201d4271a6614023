package io.sluice.mq.client.consumer;

import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker queue locks an ordered consumer holds (REMOTING.md 2.9): LOCK_BATCH_MQ per broker for
 * a set of queues, UNLOCK_BATCH_MQ on release, and the client's view of which locks are still
 * valid. A lock counts as held for {@code validity} after its last grant (30 s, half the broker's
 * 60 s lease, as the official client), so a client that cannot renew stops consuming before the
 * broker may hand the queue to someone else.
 *
 * <p>Thread-safe: grant times live in a concurrent map; RPCs run on the caller's thread.
 */
final class QueueLocks {

    private static final Logger LOG = LoggerFactory.getLogger(QueueLocks.class);

    private final ClientContext context;
    private final String group;
    private final long validityNanos;
    private final Map<MessageQueue, Long> grantedNanos = new ConcurrentHashMap<>();

    QueueLocks(ClientContext context, String group, Duration validity) {
        this.context = context;
        this.group = group;
        this.validityNanos = validity.toNanos();
    }

    /**
     * Locks or renews {@code queues}, one request per broker.
     *
     * @return the queues held now; a broker that fails to answer counts as refusing
     */
    Set<MessageQueue> lock(Collection<MessageQueue> queues) {
        Set<MessageQueue> held = new HashSet<>();
        for (Map.Entry<String, Set<MessageQueue>> broker : byBroker(queues).entrySet()) {
            long now = context.clock().nanoTime();
            try {
                String master = master(broker.getKey(), broker.getValue());
                held.addAll(context.adminRpc().lock(master, group, context.clientId(), broker.getValue()));
            } catch (MqException e) {
                LOG.warn("locking queues of {} for group {} failed: {}", broker.getKey(), group, e.toString());
            }
            for (MessageQueue queue : broker.getValue()) {
                if (held.contains(queue)) {
                    grantedNanos.put(queue, now);
                } else {
                    grantedNanos.remove(queue);
                }
            }
        }
        return held;
    }

    /** Releases {@code queues} at their brokers; failures are logged (the lease expires anyway). */
    void unlock(Collection<MessageQueue> queues) {
        for (Map.Entry<String, Set<MessageQueue>> broker : byBroker(queues).entrySet()) {
            broker.getValue().forEach(grantedNanos::remove);
            try {
                context.adminRpc()
                        .unlock(
                                master(broker.getKey(), broker.getValue()),
                                group,
                                context.clientId(),
                                broker.getValue());
            } catch (MqException e) {
                LOG.warn("unlocking queues of {} for group {} failed: {}", broker.getKey(), group, e.toString());
            }
        }
    }

    /** Whether the lock of {@code queue} was granted within the validity. */
    boolean held(MessageQueue queue) {
        Long granted = grantedNanos.get(queue);
        return granted != null && context.clock().nanoTime() - granted < validityNanos;
    }

    /** Nanos since {@code queue}'s last grant, or {@link Long#MAX_VALUE} if not held. */
    long ageNanos(MessageQueue queue) {
        Long granted = grantedNanos.get(queue);
        return granted == null ? Long.MAX_VALUE : context.clock().nanoTime() - granted;
    }

    private String master(String brokerName, Set<MessageQueue> queues) {
        String address = context.routes().masterOf(brokerName);
        if (address == null) {
            address = context.routes().route(queues.iterator().next().topic()).masterOf(brokerName);
        }
        if (address == null) {
            throw new MqException("no master for broker " + brokerName);
        }
        return address;
    }

    private static Map<String, Set<MessageQueue>> byBroker(Collection<MessageQueue> queues) {
        Map<String, Set<MessageQueue>> grouped = new HashMap<>();
        for (MessageQueue queue : queues) {
            grouped.computeIfAbsent(queue.brokerName(), b -> new TreeSet<>()).add(queue);
        }
        return grouped;
    }
}
