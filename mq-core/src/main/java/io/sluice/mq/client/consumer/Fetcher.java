package io.sluice.mq.client.consumer;

import io.sluice.mq.client.ClientException;
import io.sluice.mq.client.InvalidSubscriptionException;
import io.sluice.mq.client.NoOffsetForQueueException;
import io.sluice.mq.client.OffsetOutOfRangeException;
import io.sluice.mq.client.RetriableClientException;
import io.sluice.mq.client.UndecodableMessageException;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.PullRequest;
import io.sluice.mq.client.internal.PullResult;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.WireMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background side of a {@link Consumer}: one thread that finds each assigned queue's start
 * offset, keeps one long-poll PULL_MESSAGE (11, lite-pull flags) in flight per queue whose buffer
 * has room, and turns responses into buffered messages (decompressed, tag-filtered). A message
 * that cannot be decoded stops its queue there with an {@link UndecodableMessageException}, which
 * {@link Consumer#poll} throws after handing out the messages before it.
 *
 * <p>Responses complete on Netty threads and are handed to the fetcher thread through a queue
 * bounded by the number of in-flight pulls (one per queue). Queue states are guarded by the
 * consumer's lock; RPCs run outside it.
 */
final class Fetcher implements Runnable {

    /** Resolves the start offset of a queue without one; may throw. */
    @FunctionalInterface
    interface StartResolver {
        long resolve(MessageQueue queue);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

    private final ClientContext context;
    private final ConsumerConfig config;
    private final ReentrantLock lock;
    private final Condition changed;
    private final Map<MessageQueue, QueueState> states;
    private final StartResolver resolver;
    /** Pull completions (at most one per queue and generation) and at most one pending wake-up. */
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running;
    private Thread thread;

    Fetcher(
            ClientContext context,
            ConsumerConfig config,
            ReentrantLock lock,
            Condition changed,
            Map<MessageQueue, QueueState> states,
            StartResolver resolver) {
        this.context = context;
        this.config = config;
        this.lock = lock;
        this.changed = changed;
        this.states = states;
        this.resolver = resolver;
    }

    /** Starts the fetcher thread on first call; later calls do nothing. */
    void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        running = true;
        thread =
                context.threadFactory("consumer-" + config.group() + "-fetcher").newThread(this);
        thread.start();
    }

    /** Makes the fetcher look at the queues now (after assign, seek, resume, or a drained buffer). */
    void wake() {
        if (wakePending.compareAndSet(false, true)) {
            tasks.offer(() -> wakePending.set(false));
        }
    }

    void close() {
        running = false;
        wake();
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                Runnable task = tasks.poll(100, TimeUnit.MILLISECONDS);
                while (task != null && running) {
                    task.run();
                    task = tasks.poll();
                }
                if (running) {
                    resolveStarts();
                    issuePulls();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - the fetch loop must survive one bad round
                LOG.warn("fetch round of group {} failed", config.group(), e);
            }
        }
    }

    private record Claim(QueueState state, int generation, long offset) {}

    private void resolveStarts() {
        List<Claim> claims = new ArrayList<>();
        long now = context.clock().nanoTime();
        lock.lock();
        try {
            for (QueueState state : states.values()) {
                if (!state.resolved()
                        && !state.resolving
                        && !state.paused
                        && state.error == null
                        && now >= state.retryAtNanos) {
                    state.resolving = true;
                    claims.add(new Claim(state, state.generation, QueueState.UNRESOLVED));
                }
            }
        } finally {
            lock.unlock();
        }
        for (Claim claim : claims) {
            long start;
            try {
                start = resolver.resolve(claim.state().queue);
            } catch (MqException e) {
                LOG.warn(
                        "cannot find the start offset of {} for group {}: {}",
                        claim.state().queue,
                        config.group(),
                        e.toString());
                failed(claim, e instanceof NoOffsetForQueueException ? e : null, e);
                continue;
            }
            lock.lock();
            try {
                if (!claim.state().removed && claim.state().generation == claim.generation()) {
                    claim.state().seek(start);
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void failed(Claim claim, RuntimeException fatal, Throwable cause) {
        lock.lock();
        try {
            QueueState state = claim.state();
            if (state.generation == claim.generation()) {
                state.failure = state.failure == null
                        ? new FetchFailure(1, context.clock().nanoTime(), cause)
                        : state.failure.next(cause);
                state.resolving = false;
                state.inFlight = false;
                state.retryAtNanos =
                        context.clock().nanoTime() + config.errorBackoff().toNanos();
                if (fatal != null) {
                    state.error = fatal;
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void issuePulls() {
        List<Claim> claims = new ArrayList<>();
        long now = context.clock().nanoTime();
        lock.lock();
        try {
            for (QueueState state : states.values()) {
                if (state.resolved()
                        && !state.inFlight
                        && !state.paused
                        && !state.removed
                        && state.error == null
                        && state.buffer.size() < config.maxBufferedPerQueue()
                        && now >= state.retryAtNanos) {
                    state.inFlight = true;
                    claims.add(new Claim(state, state.generation, state.fetchOffset));
                }
            }
        } finally {
            lock.unlock();
        }
        for (Claim claim : claims) {
            pull(claim);
        }
    }

    private void pull(Claim claim) {
        MessageQueue queue = claim.state().queue;
        try {
            String address = context.routes().masterOf(queue.brokerName());
            if (address == null) {
                address = context.routes().route(queue.topic()).masterOf(queue.brokerName());
            }
            if (address == null) {
                throw new RetriableClientException(
                        "no master for " + queue, ResponseCode.SERVICE_NOT_AVAILABLE, null, null);
            }
            long suspend = config.pullSuspend().toMillis();
            PullRequest request = new PullRequest(
                    config.group(),
                    queue,
                    claim.offset(),
                    config.pullBatchSize(),
                    PullRequest.LITE_PULL_FLAGS,
                    0,
                    suspend,
                    claim.state().filter.expression(),
                    claim.state().filter.expressionType());
            context.rpc()
                    .pull(address, request, suspend + 10_000)
                    .whenComplete((result, error) -> tasks.offer(() -> onPulled(claim, result, error)));
        } catch (MqException e) {
            LOG.debug("pull of {} not sent: {}", queue, e.toString());
            failed(claim, null, e);
        }
    }

    private void onPulled(Claim claim, PullResult result, Throwable error) {
        QueueState state = claim.state();
        if (error != null) {
            Throwable cause = ResponseErrors.unwrap(error);
            if (cause instanceof ClientException refused
                    && refused.responseCode() == ResponseCode.SUBSCRIPTION_PARSE_FAILED) {
                // Retrying the same expression cannot help: poll reports it.
                failed(
                        claim,
                        new InvalidSubscriptionException(
                                state.filter.expression(), refused.responseCode(), refused.remark(), refused.address()),
                        cause);
                return;
            }
            if (ResponseErrors.isRetriable(cause)) {
                LOG.debug("pull of {} failed, retrying after backoff: {}", state.queue, cause.toString());
            } else {
                LOG.warn("pull of {} failed, retrying after backoff: {}", state.queue, cause.toString());
            }
            failed(claim, null, cause);
            return;
        }
        Decoded decoded = decode(state, claim.offset(), result.messages());
        lock.lock();
        try {
            if (state.removed || state.generation != claim.generation()) {
                return;
            }
            state.inFlight = false;
            state.failure = null;
            switch (result.code()) {
                case ResponseCode.SUCCESS -> {
                    state.buffer.addAll(decoded.messages());
                    if (decoded.error() == null) {
                        state.fetchOffset = Math.max(result.nextBeginOffset(), claim.offset());
                    } else {
                        state.fetchOffset = decoded.error().offset();
                        state.error = decoded.error();
                    }
                }
                case ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY -> {
                    state.fetchOffset = Math.max(result.nextBeginOffset(), claim.offset());
                    if (config.pullSuspend().toMillis() < 1000) {
                        state.retryAtNanos = context.clock().nanoTime() + 100_000_000L;
                    }
                }
                default -> offsetMoved(state, claim.offset(), result);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void offsetMoved(QueueState state, long requested, PullResult result) {
        if (config.offsetReset() == OffsetResetStrategy.NONE) {
            state.error =
                    new OffsetOutOfRangeException(state.queue, requested, result.nextBeginOffset(), result.address());
            return;
        }
        LOG.info(
                "offset {} of {} is out of range [{}, {}], group {} continues at {}",
                requested,
                state.queue,
                result.minOffset(),
                result.maxOffset(),
                config.group(),
                result.nextBeginOffset());
        state.seek(result.nextBeginOffset());
    }

    /** The messages of a pull up to the first this client cannot decode, and why that one failed. */
    private record Decoded(List<ReceivedMessage> messages, UndecodableMessageException error) {}

    private static Decoded decode(QueueState state, long requested, List<WireMessage> wire) {
        List<ReceivedMessage> messages = new ArrayList<>(wire.size());
        for (WireMessage record : wire) {
            if (record.queueOffset() < requested) {
                continue;
            }
            ReceivedMessage message;
            try {
                message = ReceivedMessage.from(record, state.queue.brokerName());
            } catch (ProtocolException e) {
                return new Decoded(messages, new UndecodableMessageException(state.queue, record.queueOffset(), e));
            }
            if (state.filter.matches(message.tags())) {
                messages.add(message);
            }
        }
        return new Decoded(messages, null);
    }
}
