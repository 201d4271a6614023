package io.sluice.mq.client.consumer;

import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A push consumer in orderly mode (RocketMQ's {@code MessageListenerOrderly}): each queue is
 * consumed by one member of the group at a time and, within this member, one message at a time in
 * queue order, so messages sent with the same key (same queue) are processed in sending order.
 *
 * <p>How: a subscribe-mode {@link Consumer} whose newly assigned queues stay paused until this
 * member holds their broker lock (LOCK_BATCH_MQ, {@link QueueLocks}); a timer retries missing locks
 * every second and renews held ones every {@value #RENEW_SECONDS} s. Each queue's messages run
 * through an {@link OrderedLane} on a shared pool. A listener that throws is retried with backoff
 * and blocks its queue meanwhile. A revoked queue finishes its running message, commits what is
 * done and is then unlocked, so the next owner starts after it. A lane whose lock lapsed (no
 * renewal for 30 s) waits instead of consuming. Delivery is at least once: a queue that moves after
 * a crash is replayed from its last committed offset, in order.
 *
 * <p>Thread-safe. Created by {@link io.sluice.mq.client.MqClient#newOrderlyPushConsumer}.
 */
public final class OrderlyPushConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderlyPushConsumer.class);
    static final int RENEW_SECONDS = 20;
    private static final Duration LOCK_VALIDITY = Duration.ofSeconds(30);
    private static final long LOCK_CHECK_MS = 1000;

    private final Consumer consumer;
    private final PushConsumerConfig pushConfig;
    private final MessageListener listener;
    private final ClientContext context;
    private final QueueLocks locks;
    private final InFlightOffsets offsets = new InFlightOffsets();
    private final Map<MessageQueue, OrderedLane> lanes = new ConcurrentHashMap<>();
    private final PushLoop loop;
    private ScheduledFuture<?> lockTask;

    /** Used by {@link io.sluice.mq.client.MqClient}. */
    public OrderlyPushConsumer(
            ClientContext context, ConsumerConfig config, PushConsumerConfig pushConfig, MessageListener listener) {
        this.context = context;
        this.consumer = new Consumer(context, PushConsumer.withCommitInterval(config, pushConfig));
        this.consumer.committableOffsets(offsets::committable);
        this.pushConfig = pushConfig;
        this.listener = Checks.notNull(listener, "listener");
        this.locks = new QueueLocks(context, config.group(), LOCK_VALIDITY);
        this.loop = new PushLoop(
                context, consumer, pushConfig, "orderly consumer " + config.group(), "orderly-" + config.group());
    }

    /** Subscribes to {@code topic} with a TAG expression; call before {@link #start()}. */
    public OrderlyPushConsumer subscribe(String topic, String tagExpression) {
        consumer.subscribe(topic, tagExpression, new RebalanceListener() {
            @Override
            public void onAssigned(Collection<MessageQueue> queues) {
                assigned(queues);
            }

            @Override
            public void onRevoked(Collection<MessageQueue> queues) {
                revoked(queues);
            }

            @Override
            public void onOffsetsReset(Map<MessageQueue, Long> reset) {
                reset.keySet().forEach(OrderlyPushConsumer.this::restartLane);
            }
        });
        return this;
    }

    /** Starts polling, locking and calling the listener. Idempotent. */
    public OrderlyPushConsumer start() {
        if (loop.start(this::dispatch)) {
            lockTask = context.scheduler()
                    .scheduleWithFixedDelay(this::lockTick, LOCK_CHECK_MS, LOCK_CHECK_MS, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** The queues this member owns now (locked or waiting for the lock). */
    public Set<MessageQueue> assignment() {
        return consumer.assignment();
    }

    /** The assigned queues whose lock this member holds now. */
    public Set<MessageQueue> lockedQueues() {
        Set<MessageQueue> held = new java.util.TreeSet<>();
        for (MessageQueue queue : consumer.assignment()) {
            if (locks.held(queue)) {
                held.add(queue);
            }
        }
        return held;
    }

    /** Poll thread: new queues wait paused until locked. */
    private void assigned(Collection<MessageQueue> queues) {
        consumer.pause(queues);
        for (MessageQueue queue : queues) {
            offsets.reset(queue);
            lanes.put(queue, newLane(queue));
        }
        consumer.resume(locks.lock(queues));
    }

    /** Poll thread: finish, commit, unlock, in that order, so the next owner starts after us. */
    private void revoked(Collection<MessageQueue> queues) {
        for (MessageQueue queue : queues) {
            OrderedLane lane = lanes.remove(queue);
            if (lane != null) {
                lane.cancel();
                awaitIdle(lane);
            }
        }
        Map<MessageQueue, Long> done = new HashMap<>();
        for (MessageQueue queue : queues) {
            offsets.committable(queue).ifPresent(offset -> done.put(queue, offset));
            offsets.reset(queue);
        }
        try {
            consumer.commit(done);
        } catch (MqException e) {
            LOG.warn("commit of revoked queues {} failed: {}", done, e.toString());
        }
        locks.unlock(queues);
    }

    /** After an admin reset: the lane's queued messages are stale; start a fresh lane. */
    private void restartLane(MessageQueue queue) {
        OrderedLane old = lanes.put(queue, newLane(queue));
        if (old != null) {
            old.cancel();
        }
        offsets.reset(queue);
    }

    private OrderedLane newLane(MessageQueue queue) {
        return new OrderedLane(queue, loop.pool(), this::consumeInOrder, message -> loop.release());
    }

    /** Timer: lock queues that wait for it, renew old grants, pause queues whose lock is lost. */
    private void lockTick() {
        if (loop.closed()) {
            return;
        }
        try {
            List<MessageQueue> due = consumer.assignment().stream()
                    .filter(queue -> locks.ageNanos(queue) >= TimeUnit.SECONDS.toNanos(RENEW_SECONDS))
                    .toList();
            if (due.isEmpty()) {
                return;
            }
            Set<MessageQueue> held = locks.lock(due);
            consumer.resume(held);
            consumer.pause(due.stream().filter(queue -> !held.contains(queue)).toList());
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - a failed tick must not cancel later ticks
            LOG.warn("lock renewal of group {} failed: {}", consumer.config().group(), e.toString());
        }
    }

    /** Poll thread, permit held: queues the message on its queue's lane, or drops it if revoked. */
    private void dispatch(ReceivedMessage message) {
        OrderedLane lane = lanes.get(message.queue());
        offsets.dispatched(message.queue(), message.queueOffset());
        if (lane == null || !lane.submit(message)) {
            loop.release(); // revoked meanwhile: the next owner reads it
        }
    }

    /**
     * Pool thread, one message of a lane: waits until the queue's lock is valid, then calls the
     * listener until it succeeds. Returns false once closing or the lane is gone.
     */
    private boolean consumeInOrder(ReceivedMessage message) {
        try {
            long backoff = pushConfig.retryBackoffMin().toMillis();
            for (int attempt = 1; ; attempt++) {
                if (loop.closed() || !lanes.containsKey(message.queue())) {
                    return false;
                }
                if (!locks.held(message.queue())) {
                    loop.await(100); // lock lapsed: another member may own the queue soon; do not consume
                    continue;
                }
                try {
                    listener.onMessage(message);
                    offsets.done(message.queue(), message.queueOffset());
                    return true;
                } catch (Exception e) { // CHECKSTYLE.OFF: IllegalCatch - a listener failure means "retry later"
                    LOG.warn(
                            "orderly listener of group {} failed on {} (attempt {}), retrying in {} ms",
                            consumer.config().group(),
                            message,
                            attempt,
                            backoff,
                            e);
                }
                loop.await(backoff);
                backoff = Math.min(
                        Math.max(1, backoff * 2), pushConfig.retryBackoffMax().toMillis());
            }
        } finally {
            loop.release();
        }
    }

    private void awaitIdle(OrderedLane lane) {
        try {
            if (!lane.awaitIdle(pushConfig.shutdownTimeout().toMillis())) {
                LOG.warn("listener of {} still running after {}", lane.queue(), pushConfig.shutdownTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops polling, lets running listener calls finish (up to {@code shutdownTimeout}), commits
     * what is done, unlocks every queue and leaves the group. Idempotent.
     */
    @Override
    public void close() {
        if (!loop.stopPolling()) {
            return;
        }
        if (lockTask != null) {
            lockTask.cancel(false);
        }
        lanes.values().forEach(OrderedLane::cancel);
        loop.drainPool();
        Set<MessageQueue> owned = consumer.assignment();
        consumer.close(); // commits what is done
        locks.unlock(owned);
    }
}
