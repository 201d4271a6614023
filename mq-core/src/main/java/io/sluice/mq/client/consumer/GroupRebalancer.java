package io.sluice.mq.client.consumer;

import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.QueueAllocation;
import io.sluice.mq.client.internal.TopicRoute;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a subscribing consumer's share of its topics' queues (REMOTING.md 6.3): fetch the route,
 * ask a master for the group's consumer ids (GET_CONSUMER_LIST_BY_GROUP), allocate averagely over
 * sorted queues and sorted ids. The result waits in {@link #takeTarget()} for the consumer's poll
 * thread, which applies it. Thread-safe; one rebalance runs at a time.
 */
final class GroupRebalancer {

    private static final Logger LOG = LoggerFactory.getLogger(GroupRebalancer.class);
    private static final int MAX_RETRY_TOPIC_WAITS = 60;
    private static final long RETRY_TOPIC_WAIT_MS = 500;

    private final ClientContext context;
    private final String group;
    private final Runnable onTarget;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicReference<Set<MessageQueue>> target = new AtomicReference<>();
    private Set<MessageQueue> lastTarget = Set.of();
    private volatile Set<String> lastTopics = Set.of();
    /** Quick re-tries left for a retry topic whose route the broker has not registered yet. */
    private final java.util.concurrent.atomic.AtomicInteger retryTopicWaits =
            new java.util.concurrent.atomic.AtomicInteger(MAX_RETRY_TOPIC_WAITS);

    GroupRebalancer(ClientContext context, String group, Runnable onTarget) {
        this.context = context;
        this.group = group;
        this.onTarget = onTarget;
    }

    /** Rebalances on the client's scheduler. */
    void trigger(Set<String> topics) {
        context.scheduler().execute(() -> {
            try {
                rebalance(topics);
            } catch (
                    RuntimeException
                            e) { // CHECKSTYLE.OFF: IllegalCatch - a failed rebalance is retried by the next tick
                LOG.warn("rebalance of group {} failed: {}", group, e.toString());
            }
        });
    }

    /** Rebalances now on the caller's thread; failures per topic keep that topic's last share. */
    void rebalance(Set<String> topics) {
        running.lock();
        try {
            lastTopics = Set.copyOf(topics);
            Set<MessageQueue> mine = new TreeSet<>();
            for (String topic : topics) {
                mine.addAll(share(topic));
            }
            if (!mine.equals(lastTarget)) {
                lastTarget = Set.copyOf(mine);
                target.set(lastTarget);
                onTarget.run();
            }
        } finally {
            running.unlock();
        }
    }

    private Set<MessageQueue> share(String topic) {
        try {
            TopicRoute route = context.routes().refresh(topic).orElse(null);
            if (route == null || route.subscribeQueues().isEmpty()) {
                awaitRetryTopic(topic);
                return Set.of();
            }
            List<String> ids = consumerIds(route);
            if (!ids.contains(context.clientId())) {
                context.heartbeatAll();
                ids = consumerIds(route);
            }
            return new HashSet<>(QueueAllocation.averagely(route.subscribeQueues(), ids, context.clientId()));
        } catch (MqException e) {
            LOG.warn("rebalance of {} for group {} failed, keeping its queues: {}", topic, group, e.toString());
            Set<MessageQueue> kept = new HashSet<>();
            for (MessageQueue queue : lastTarget) {
                if (queue.topic().equals(topic)) {
                    kept.add(queue);
                }
            }
            return kept;
        }
    }

    /**
     * The broker creates a group's {@code %RETRY%} topic on the group's first heartbeat and
     * registers it a moment later; rebalance again shortly (a bounded number of times) instead of
     * waiting a whole rebalance interval, so retries are consumed from the start.
     */
    private void awaitRetryTopic(String topic) {
        if (topic.startsWith("%RETRY%") && retryTopicWaits.getAndDecrement() > 0) {
            context.scheduler()
                    .schedule(
                            () -> trigger(lastTopics), RETRY_TOPIC_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private List<String> consumerIds(TopicRoute route) {
        List<String> masters = new ArrayList<>(new TreeSet<>(route.masters().keySet()));
        MqException last = null;
        for (String broker : masters) {
            try {
                List<String> ids = new ArrayList<>(context.rpc().consumerIds(route.masterOf(broker), group));
                ids.sort(null);
                return ids;
            } catch (MqException e) {
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        return List.of();
    }

    /** The share computed since the last call, or null if unchanged. */
    Set<MessageQueue> takeTarget() {
        return target.getAndSet(null);
    }
}
