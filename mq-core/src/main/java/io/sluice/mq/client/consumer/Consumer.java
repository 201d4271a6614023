package io.sluice.mq.client.consumer;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.NoOffsetForQueueException;
import io.sluice.mq.client.ResponseError;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.ClientFilter;
import io.sluice.mq.client.internal.GroupMember;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.body.ConsumerData;
import io.sluice.mq.protocol.body.ConsumerRunningInfo;
import io.sluice.mq.protocol.body.SubscriptionData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A poll-based consumer, the mode stream engines use. Either <b>assign mode</b>: the application
 * picks queues ({@link #assign}) and offsets ({@link #seek}); or <b>subscribe mode</b>: {@link
 * #subscribe} joins the consumer group, which spreads the topic's queues over its live members
 * (every 20 s and when the broker announces a change) exactly like RocketMQ's average allocation.
 *
 * <p>Offsets are always the <em>next offset to read</em>: {@link #position}, {@link #commit},
 * {@link #committed} and {@link #seek} all use that meaning. A background fetcher keeps one
 * long-poll pull in flight per queue and buffers at most {@code maxBufferedPerQueue} messages per
 * queue; {@link #poll} hands them out, decompressed and tag-filtered.
 *
 * <p>Not thread-safe: one thread calls the methods, except {@link #close()}, which any thread may
 * call. Rebalance listener callbacks run inside {@link #poll}. Created by {@link
 * io.sluice.mq.client.MqClient#newConsumer}; close it to stop fetching and leave the group.
 */
public final class Consumer implements AutoCloseable, GroupMember {

    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);
    private static final String RETRY_TOPIC_PREFIX = "%RETRY%";

    private final ClientContext context;
    private final ConsumerConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<MessageQueue, QueueState> states = new LinkedHashMap<>();
    private final Map<String, ClientFilter> filters = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionData> subscriptions = new ConcurrentHashMap<>();
    private final Fetcher fetcher;
    private final GroupRebalancer rebalancer;
    private volatile boolean closed;
    private volatile Set<String> topics = Set.of();
    private volatile Function<MessageQueue, OptionalLong> committable = null;
    /** Offsets from RESET_CONSUMER_CLIENT_OFFSET, applied by the poll thread. */
    private final Map<MessageQueue, Long> pendingResets = new ConcurrentHashMap<>();

    private RebalanceListener listener = new RebalanceListener() {};
    private int drainStart;
    private long nextAutoCommitNanos;

    /** Used by {@link io.sluice.mq.client.MqClient}; the fetcher thread starts with the first assign or subscribe. */
    public Consumer(ClientContext context, ConsumerConfig config) {
        this.context = context;
        this.config = config;
        this.fetcher = new Fetcher(context, config, lock, changed, states, this::resolveStart);
        this.rebalancer = new GroupRebalancer(context, config.group(), this::onTargetAssignment);
        this.nextAutoCommitNanos =
                context.clock().nanoTime() + config.autoCommitInterval().toNanos();
        context.register(this);
    }

    public ConsumerConfig config() {
        return config;
    }

    /** The queues the nameservers list as readable for {@code topic}, sorted. */
    public List<MessageQueue> fetchQueues(String topic) {
        return context.routes().route(topic).subscribeQueues();
    }

    // ---------------------------------------------------------------- assign mode

    /** Replaces the assignment with {@code queues}; every message passes the tag filter. */
    public void assign(Collection<MessageQueue> queues) {
        assign(queues, MessageSelector.byTag(SubscriptionData.SUBSCRIBE_ALL));
    }

    /**
     * Replaces the assignment with {@code queues}, reading only messages whose tag matches {@code
     * tagExpression} ({@code *} or {@code TagA || TagB}). Kept queues keep their positions; new
     * ones start at their committed offset, else per the reset strategy, unless sought first.
     */
    public void assign(Collection<MessageQueue> queues, String tagExpression) {
        assign(queues, MessageSelector.byTag(tagExpression));
    }

    /**
     * Replaces the assignment with {@code queues}, reading only messages {@code selector} selects.
     * An SQL92 selector is first checked with the brokers of each topic (CHECK_CLIENT_CONFIG).
     *
     * @throws io.sluice.mq.client.InvalidSubscriptionException if a broker refuses the expression
     */
    public void assign(Collection<MessageQueue> queues, MessageSelector selector) {
        checkOpen();
        Checks.state(subscriptions.isEmpty(), "consumer of group %s is in subscribe mode", config.group());
        ClientFilter filter = selector.filter();
        Set<String> topicSet = new TreeSet<>();
        for (MessageQueue queue : queues) {
            topicSet.add(queue.topic());
        }
        for (String topic : topicSet) {
            checkWithBrokers(topic, filter);
        }
        for (MessageQueue queue : queues) {
            filters.put(queue.topic(), filter);
        }
        topics = Set.copyOf(topicSet);
        replaceAssignment(Set.copyOf(queues));
        context.heartbeatAll();
        fetcher.start();
        fetcher.wake();
    }

    /** The queues assigned now. */
    public Set<MessageQueue> assignment() {
        lock.lock();
        try {
            return Set.copyOf(states.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** The queues held now, each with its position ({@code -1} before known) and buffered messages. */
    @Override
    public Map<MessageQueue, ConsumerRunningInfo.QueueInfo> heldQueues() {
        lock.lock();
        try {
            Map<MessageQueue, ConsumerRunningInfo.QueueInfo> held = new TreeMap<>();
            for (QueueState state : states.values()) {
                held.put(state.queue, new ConsumerRunningInfo.QueueInfo(state.position(), state.buffer.size()));
            }
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** Makes the next poll of {@code queue} start at {@code offset} (the next offset to read). */
    public void seek(MessageQueue queue, long offset) {
        Checks.argument(offset >= 0, "offset must be >= 0, was %s", offset);
        lock.lock();
        try {
            state(queue).seek(offset);
        } finally {
            lock.unlock();
        }
        fetcher.wake();
    }

    /** Seeks each of {@code queues} to its min offset. */
    public void seekToBeginning(Collection<MessageQueue> queues) {
        for (MessageQueue queue : queues) {
            seek(queue, minOffset(queue));
        }
    }

    /** Seeks each of {@code queues} to its max offset (only new messages are read). */
    public void seekToEnd(Collection<MessageQueue> queues) {
        for (MessageQueue queue : queues) {
            seek(queue, maxOffset(queue));
        }
    }

    /** The next offset poll returns for {@code queue}, finding the start offset now if needed. */
    public long position(MessageQueue queue) {
        long position;
        int generation;
        lock.lock();
        try {
            QueueState state = state(queue);
            position = state.position();
            generation = state.generation;
        } finally {
            lock.unlock();
        }
        if (position != QueueState.UNRESOLVED) {
            return position;
        }
        long start = resolveStart(queue);
        lock.lock();
        try {
            QueueState state = state(queue);
            if (!state.resolved() && state.generation == generation) {
                state.seek(start);
            }
            return state.resolved() ? state.position() : start;
        } finally {
            lock.unlock();
        }
    }

    /** Stops fetching and returning messages of {@code queues}; buffered ones are kept. */
    public void pause(Collection<MessageQueue> queues) {
        setPaused(queues, true);
    }

    /** Undoes {@link #pause}. */
    public void resume(Collection<MessageQueue> queues) {
        setPaused(queues, false);
        fetcher.wake();
    }

    private void setPaused(Collection<MessageQueue> queues, boolean paused) {
        lock.lock();
        try {
            for (MessageQueue queue : queues) {
                state(queue).paused = paused;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The queues paused now. */
    public Set<MessageQueue> paused() {
        lock.lock();
        try {
            Set<MessageQueue> paused = new TreeSet<>();
            states.values().stream().filter(s -> s.paused).forEach(s -> paused.add(s.queue));
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The assigned queues whose recent pulls (or start-offset lookups) failed and are being retried
     * after {@link ConsumerConfig#errorBackoff()}, with how many failed in a row, since when and the
     * last cause. A queue leaves the map when a pull succeeds. Lets an engine fail its task after
     * too many retries instead of waiting forever.
     */
    public Map<MessageQueue, FetchFailure> fetchFailures() {
        lock.lock();
        try {
            Map<MessageQueue, FetchFailure> failing = new TreeMap<>();
            states.values().stream().filter(s -> s.failure != null).forEach(s -> failing.put(s.queue, s.failure));
            return failing;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- subscribe mode

    /** Subscribes to {@code topic} with a TAG expression and joins the group's rebalancing. */
    public void subscribe(String topic, String tagExpression) {
        subscribe(topic, MessageSelector.byTag(tagExpression), listener);
    }

    /** As {@link #subscribe(String, String)}, telling {@code rebalanceListener} of queue changes. */
    public void subscribe(String topic, String tagExpression, RebalanceListener rebalanceListener) {
        subscribe(topic, MessageSelector.byTag(tagExpression), rebalanceListener);
    }

    /** Subscribes to {@code topic} with {@code selector} (TAG or SQL92) and joins the group's rebalancing. */
    public void subscribe(String topic, MessageSelector selector) {
        subscribe(topic, selector, listener);
    }

    /**
     * As {@link #subscribe(String, MessageSelector)}, telling {@code rebalanceListener} of queue
     * changes. An SQL92 selector is first checked with the topic's brokers (CHECK_CLIENT_CONFIG, as
     * the official push consumer does), so a broker that cannot serve it fails the subscribe.
     *
     * @throws io.sluice.mq.client.InvalidSubscriptionException if a broker refuses the expression
     */
    public void subscribe(String topic, MessageSelector selector, RebalanceListener rebalanceListener) {
        checkOpen();
        lock.lock();
        try {
            Checks.state(
                    !states.keySet().stream().anyMatch(q -> !subscriptions.containsKey(q.topic())),
                    "consumer of group %s is in assign mode",
                    config.group());
        } finally {
            lock.unlock();
        }
        ClientFilter filter = selector.filter();
        checkWithBrokers(topic, filter);
        subscriptions.put(topic, filter.subscription(topic, context.clock().nowMs()));
        filters.put(topic, filter);
        this.listener = Checks.notNull(rebalanceListener, "rebalanceListener");
        topics = Set.copyOf(subscriptions.keySet());
        context.heartbeatAll();
        fetcher.start();
        rebalancer.trigger(Set.copyOf(subscriptions.keySet()));
    }

    /** The subscribed topics and their expressions. */
    public Map<String, String> subscriptions() {
        Map<String, String> result = new LinkedHashMap<>();
        subscriptions.forEach((topic, data) -> result.put(topic, data.expression()));
        return result;
    }

    /** Runs a rebalance now on the caller's thread (tests and tools); poll applies the result. */
    public void rebalanceNow() {
        rebalancer.rebalance(Set.copyOf(subscriptions.keySet()));
    }

    private void onTargetAssignment() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void applyTargetAssignment() {
        Set<MessageQueue> target = rebalancer.takeTarget();
        if (target == null || subscriptions.isEmpty()) {
            return;
        }
        Set<MessageQueue> current = assignment();
        List<MessageQueue> revoked = new ArrayList<>();
        for (MessageQueue queue : current) {
            if (!target.contains(queue)) {
                revoked.add(queue);
            }
        }
        List<MessageQueue> added = new ArrayList<>();
        for (MessageQueue queue : new TreeSet<>(target)) {
            if (!current.contains(queue)) {
                added.add(queue);
            }
        }
        if (!revoked.isEmpty()) {
            listener.onRevoked(revoked);
            commitQuietly(committableOffsets(revoked));
        }
        replaceAssignment(target);
        if (!added.isEmpty()) {
            LOG.info("group {} client {}: assigned {}, revoked {}", config.group(), context.clientId(), added, revoked);
            listener.onAssigned(added);
        }
        fetcher.wake();
    }

    /**
     * Seeks assigned queues to offsets an admin reset (RESET_CONSUMER_CLIENT_OFFSET) and commits
     * them at once, so an auto-commit of the old positions that raced the reset is overwritten.
     */
    private void applyPendingResets() {
        if (pendingResets.isEmpty()) {
            return;
        }
        Map<MessageQueue, Long> applied = new TreeMap<>();
        lock.lock();
        try {
            for (MessageQueue queue : List.copyOf(pendingResets.keySet())) {
                Long offset = pendingResets.remove(queue);
                QueueState state = states.get(queue);
                if (offset != null && state != null) {
                    state.seek(offset);
                    applied.put(queue, offset);
                }
            }
        } finally {
            lock.unlock();
        }
        if (!applied.isEmpty()) {
            LOG.info("group {} client {}: offsets reset by admin to {}", config.group(), context.clientId(), applied);
            listener.onOffsetsReset(applied);
            commitQuietly(applied);
            fetcher.wake();
        }
    }

    // ---------------------------------------------------------------- polling

    /**
     * Returns buffered messages of assigned, unpaused queues, waiting up to {@code timeout} for the
     * first. Applies a pending rebalance and an auto-commit first.
     *
     * @throws io.sluice.mq.client.OffsetOutOfRangeException or {@link NoOffsetForQueueException}
     *     for a queue that needs a seek (reset strategy NONE), or {@link
     *     io.sluice.mq.client.UndecodableMessageException} for a message this client cannot decode
     *     (seek past it to skip it); each after the queue's earlier messages were handed out
     */
    public List<ReceivedMessage> poll(Duration timeout) {
        checkOpen();
        long deadline = context.clock().nanoTime() + timeout.toNanos();
        while (true) {
            applyTargetAssignment();
            applyPendingResets();
            maybeAutoCommit();
            lock.lock();
            try {
                throwQueueError();
                List<ReceivedMessage> drained = drain();
                if (!drained.isEmpty()) {
                    fetcher.wake();
                    return drained;
                }
                long remaining = deadline - context.clock().nanoTime();
                if (remaining <= 0 || closed) {
                    return List.of();
                }
                changed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(200)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Throws the error of an unpaused queue once the messages fetched before it were handed out. */
    private void throwQueueError() {
        for (QueueState state : states.values()) {
            if (state.error != null && !state.paused && state.buffer.isEmpty()) {
                throw state.error;
            }
        }
    }

    private List<ReceivedMessage> drain() {
        List<ReceivedMessage> out = new ArrayList<>();
        List<QueueState> ordered = new ArrayList<>(states.values());
        int count = ordered.size();
        for (int i = 0; i < count && out.size() < config.maxPollRecords(); i++) {
            QueueState state = ordered.get((drainStart + i) % count);
            while (!state.paused && !state.buffer.isEmpty() && out.size() < config.maxPollRecords()) {
                out.add(state.buffer.pollFirst());
            }
        }
        drainStart = count == 0 ? 0 : (drainStart + 1) % count;
        return out;
    }

    // ---------------------------------------------------------------- offsets

    /** Commits the position of every assigned queue whose position is known; waits for the brokers. */
    public void commitSync() {
        commit(committableOffsets(assignment()));
    }

    /**
     * Commits {@code offsets} (next offset to read, per queue) with UPDATE_CONSUMER_OFFSET and waits
     * for each broker's answer. Every queue is attempted; the first failure is thrown after.
     */
    public void commit(Map<MessageQueue, Long> offsets) {
        commitEach(offsets, null);
    }

    /**
     * Like {@link #commit(Map)}, storing {@code metadata} with each offset (for example the stream
     * job and checkpoint that committed; at most 4096 UTF-8 bytes) where the broker keeps it: Sluice
     * does, a stock RocketMQ broker stores the offsets only. {@link #committedOffset} reads it back.
     */
    public void commit(Map<MessageQueue, Long> offsets, String metadata) {
        commitEach(offsets, Checks.notNull(metadata, "metadata"));
    }

    /** Commits each offset, with {@code metadata} unless null; the first failure is thrown after. */
    private void commitEach(Map<MessageQueue, Long> offsets, String metadata) {
        checkOpen();
        MqException first = null;
        for (Map.Entry<MessageQueue, Long> entry : offsets.entrySet()) {
            MessageQueue queue = entry.getKey();
            try {
                if (metadata == null) {
                    context.rpc().updateConsumerOffset(master(queue), config.group(), queue, entry.getValue());
                } else {
                    context.rpc()
                            .updateConsumerOffset(master(queue), config.group(), queue, entry.getValue(), metadata);
                }
            } catch (MqException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void commitQuietly(Map<MessageQueue, Long> offsets) {
        try {
            commit(offsets);
        } catch (MqException e) {
            LOG.warn("commit of {} for group {} failed: {}", offsets, config.group(), e.toString());
        }
    }

    private void maybeAutoCommit() {
        if (config.autoCommitInterval().isZero() || context.clock().nanoTime() < nextAutoCommitNanos) {
            return;
        }
        nextAutoCommitNanos =
                context.clock().nanoTime() + config.autoCommitInterval().toNanos();
        commitQuietly(committableOffsets(assignment()));
    }

    /** The offsets a commit would store now: positions, or what the push layer says is done. */
    Map<MessageQueue, Long> committableOffsets(Collection<MessageQueue> queues) {
        Map<MessageQueue, Long> offsets = new LinkedHashMap<>();
        Function<MessageQueue, OptionalLong> provider = committable;
        lock.lock();
        try {
            for (MessageQueue queue : queues) {
                QueueState state = states.get(queue);
                if (state == null || !state.resolved()) {
                    continue;
                }
                OptionalLong offset = provider == null ? OptionalLong.of(state.position()) : provider.apply(queue);
                offset.ifPresent(value -> offsets.put(queue, value));
            }
        } finally {
            lock.unlock();
        }
        return offsets;
    }

    /** Lets the push layer decide which offsets auto-commit, revoke and close store. */
    void committableOffsets(Function<MessageQueue, OptionalLong> provider) {
        this.committable = provider;
    }

    /** The group's committed offset of {@code queue} (QUERY_CONSUMER_OFFSET); empty if none. */
    public OptionalLong committed(MessageQueue queue) {
        return context.rpc().queryConsumerOffset(master(queue), config.group(), queue);
    }

    /** The group's committed offset of {@code queue} with its commit metadata; empty if none. */
    public Optional<CommittedOffset> committedOffset(MessageQueue queue) {
        return context.rpc().queryCommitted(master(queue), config.group(), queue);
    }

    /** The first offset stored at or after {@code timestampMs} (SEARCH_OFFSET_BY_TIMESTAMP). */
    public long offsetForTimestamp(MessageQueue queue, long timestampMs) {
        return context.rpc().searchOffset(master(queue), queue, timestampMs);
    }

    /** The queue's first readable offset. */
    public long minOffset(MessageQueue queue) {
        return context.rpc().minOffset(master(queue), queue);
    }

    /** The queue's next offset to be written. */
    public long maxOffset(MessageQueue queue) {
        return context.rpc().maxOffset(master(queue), queue);
    }

    private long resolveStart(MessageQueue queue) {
        OptionalLong committed = committed(queue);
        if (committed.isPresent()) {
            return committed.getAsLong();
        }
        if (queue.topic().startsWith(RETRY_TOPIC_PREFIX)) {
            return minOffset(queue); // every retry is meant for the group, as the official clients read it
        }
        if (subscriptions.containsKey(queue.topic())) {
            StartPosition start = config.startPosition();
            return switch (start.kind()) {
                case FIRST -> minOffset(queue);
                case LAST -> maxOffset(queue);
                case TIMESTAMP -> offsetForTimestamp(queue, start.timestampMs());
            };
        }
        return switch (config.offsetReset()) {
            case EARLIEST -> minOffset(queue);
            case LATEST -> maxOffset(queue);
            case NONE -> throw new NoOffsetForQueueException(queue, config.group());
        };
    }

    /**
     * CONSUMER_SEND_MSG_BACK (36): asks the broker that delivered {@code message} to store a copy in
     * this group's retry topic (delay level {@code 3 + reconsumeTimes}), or in its dead-letter topic
     * once it was retried {@code maxReconsumeTimes} times.
     *
     * @throws io.sluice.mq.client.ClientException if the broker refuses or cannot be reached
     */
    public void sendBack(ReceivedMessage message, int maxReconsumeTimes) {
        checkOpen();
        context.rpc()
                .sendBack(
                        master(message.queue()),
                        config.group(),
                        message.queue(),
                        message.logPosition(),
                        message.msgId(),
                        maxReconsumeTimes);
    }

    private String master(MessageQueue queue) {
        String address = context.routes().masterOf(queue.brokerName());
        if (address == null) {
            address = context.routes().route(queue.topic()).masterOf(queue.brokerName());
        }
        if (address == null) {
            throw new ClientException("no master for " + queue, ResponseError.LOCAL, null, null);
        }
        return address;
    }

    // ---------------------------------------------------------------- plumbing

    private void replaceAssignment(Set<MessageQueue> queues) {
        lock.lock();
        try {
            states.entrySet().removeIf(entry -> {
                if (queues.contains(entry.getKey())) {
                    return false;
                }
                entry.getValue().removed = true;
                return true;
            });
            for (MessageQueue queue : new TreeSet<>(queues)) {
                states.computeIfAbsent(
                        queue, q -> new QueueState(q, filters.getOrDefault(q.topic(), ClientFilter.all())));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Has every master of {@code topic} check an SQL92 {@code filter}; TAG filters need no check. */
    private void checkWithBrokers(String topic, ClientFilter filter) {
        if (!filter.isSql()) {
            return;
        }
        SubscriptionData subscription = filter.subscription(topic, 0);
        Set<String> brokers = new TreeSet<>();
        for (MessageQueue queue : fetchQueues(topic)) {
            if (brokers.add(queue.brokerName())) {
                context.rpc().checkClientConfig(master(queue), config.group(), context.clientId(), subscription);
            }
        }
    }

    private QueueState state(MessageQueue queue) {
        QueueState state = states.get(queue);
        Checks.argument(state != null, "%s is not assigned to this consumer", queue);
        return state;
    }

    private void checkOpen() {
        if (closed) {
            throw new ClientException(
                    "consumer of group " + config.group() + " is closed", ResponseError.LOCAL, null, null);
        }
    }

    @Override
    public ConsumerData consumerData() {
        return new ConsumerData(
                config.group(),
                ConsumerData.CONSUME_ACTIVELY,
                ConsumerData.CLUSTERING,
                config.startPosition().wireName(),
                List.copyOf(subscriptions.values()));
    }

    @Override
    public Set<String> topics() {
        return topics;
    }

    @Override
    public void onConsumerIdsChanged() {
        if (!closed && !subscriptions.isEmpty()) {
            rebalancer.rebalance(Set.copyOf(subscriptions.keySet()));
        }
    }

    /**
     * Only in subscribe mode, as the official clients only reset push consumers: in assign mode the
     * application (a stream engine's checkpoint) owns the positions. Applied by the next poll.
     */
    @Override
    public void onResetOffset(String topic, Map<MessageQueue, Long> offsets) {
        if (!closed && subscriptions.containsKey(topic)) {
            pendingResets.putAll(offsets);
            onTargetAssignment();
        }
    }

    @Override
    public void onRebalanceTick() {
        if (!closed && !subscriptions.isEmpty()) {
            rebalancer.trigger(Set.copyOf(subscriptions.keySet()));
        }
    }

    /**
     * Stops fetching, commits positions if auto-commit is on (or what the push layer says is
     * done), and leaves the group. Idempotent; any thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!config.autoCommitInterval().isZero() || committable != null) {
            commitQuietly(committableOffsets(assignment()));
        }
        closed = true;
        fetcher.close();
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        context.unregister(this);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    static RuntimeException unwrap(Throwable error) {
        return ResponseErrors.rethrowable(error);
    }
}
