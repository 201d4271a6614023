package io.sluice.mq.client.consumer;

import io.sluice.mq.client.UndecodableMessageException;
import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.common.Checks;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.MqException;
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A push-style consumer: a subscribe-mode {@link Consumer} polled by one thread that hands each
 * message to a {@link MessageListener} on a bounded pool (at most {@code maxInFlight} messages
 * outstanding). Offsets are committed only up to the lowest unfinished message per queue
 * ({@link InFlightOffsets}), every {@code commitInterval}, on rebalance and on close.
 *
 * <p>A listener that throws fails the message: it is sent back to the broker (CONSUMER_SEND_MSG_BACK),
 * which redelivers it through the group's {@code %RETRY%} topic with RocketMQ's backoff (10 s, 30 s,
 * 1 m, ... with the default delay levels) and moves it to {@code %DLQ%group} after {@code
 * maxReconsumeTimes} retries; the consumer subscribes to its retry topic itself, and {@link
 * ReceivedMessage#reconsumeTimes()} counts the redeliveries. Only if the send-back fails is the
 * listener called again locally, with exponential backoff, until it succeeds or the consumer closes
 * (the message then stays uncommitted and is redelivered after a restart or to the queue's next
 * owner). Messages of one queue may run concurrently (RocketMQ's "concurrently" mode).
 * A stored message this client cannot decode ({@link UndecodableMessageException}) is logged and
 * skipped so it does not stall its queue (the official clients drop it silently, together with the
 * rest of that pull).
 *
 * <p>Thread-safe. Created by {@link io.sluice.mq.client.MqClient#newPushConsumer}.
 */
public final class PushConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushConsumer.class);
    private static final String RETRY_TOPIC_PREFIX = "%RETRY%";

    private final Consumer consumer;
    private final PushConsumerConfig pushConfig;
    private final MessageListener listener;
    private final InFlightOffsets offsets = new InFlightOffsets();
    private final PushLoop loop;

    /** Used by {@link io.sluice.mq.client.MqClient}. Starts the fetcher; listeners start with {@link #start()}. */
    public PushConsumer(
            ClientContext context, ConsumerConfig config, PushConsumerConfig pushConfig, MessageListener listener) {
        this.consumer = new Consumer(context, withCommitInterval(config, pushConfig));
        this.consumer.committableOffsets(offsets::committable);
        this.pushConfig = pushConfig;
        this.listener = Checks.notNull(listener, "listener");
        this.loop = new PushLoop(
                context, consumer, pushConfig, "push consumer " + config.group(), "push-" + config.group());
    }

    /** {@code config} with the push layer's commit interval and at most {@code maxInFlight} per poll. */
    static ConsumerConfig withCommitInterval(ConsumerConfig config, PushConsumerConfig pushConfig) {
        return new ConsumerConfig(
                config.group(),
                config.pullBatchSize(),
                config.pullSuspend(),
                config.maxBufferedPerQueue(),
                Math.min(config.maxPollRecords(), pushConfig.maxInFlight()),
                config.offsetReset(),
                config.startPosition(),
                pushConfig.commitInterval(),
                config.errorBackoff());
    }

    /**
     * Subscribes to {@code topic} with a TAG expression, and to the group's retry topic; call before
     * {@link #start()}.
     */
    public PushConsumer subscribe(String topic, String tagExpression) {
        return subscribe(topic, MessageSelector.byTag(tagExpression));
    }

    /**
     * Subscribes to {@code topic} with {@code selector} (TAG or SQL92), and to the group's retry topic
     * (all tags: a message sent back keeps its tag, and the subscription filter was applied when it was
     * first delivered); call before {@link #start()}.
     *
     * @throws io.sluice.mq.client.InvalidSubscriptionException if a broker refuses an SQL92 expression
     */
    public PushConsumer subscribe(String topic, MessageSelector selector) {
        RebalanceListener resetOffsets = new RebalanceListener() {
            @Override
            public void onAssigned(Collection<MessageQueue> queues) {
                queues.forEach(offsets::reset);
            }

            @Override
            public void onOffsetsReset(Map<MessageQueue, Long> reset) {
                reset.keySet().forEach(offsets::reset);
            }
        };
        consumer.subscribe(topic, selector, resetOffsets);
        String retryTopic = RETRY_TOPIC_PREFIX + consumer.config().group();
        if (!consumer.subscriptions().containsKey(retryTopic)) {
            consumer.subscribe(retryTopic, MessageSelector.byTag("*"), resetOffsets);
        }
        return this;
    }

    /** Starts polling and calling the listener. Idempotent. */
    public PushConsumer start() {
        loop.start(this::dispatch);
        return this;
    }

    /** The queues this member owns now. */
    public java.util.Set<MessageQueue> assignment() {
        return consumer.assignment();
    }

    /** Messages handed to the listener and not finished. */
    public int inFlight() {
        return offsets.inFlight();
    }

    /** Poll thread, permit held: runs the listener on the pool; the permit returns when it is done. */
    private void dispatch(ReceivedMessage message) {
        offsets.dispatched(message.queue(), message.queueOffset());
        loop.pool().execute(() -> {
            try {
                if (consume(message)) {
                    offsets.done(message.queue(), message.queueOffset());
                }
            } finally {
                loop.release();
            }
        });
    }

    private boolean consume(ReceivedMessage message) {
        long backoff = pushConfig.retryBackoffMin().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                listener.onMessage(message);
                return true;
            } catch (Exception e) { // CHECKSTYLE.OFF: IllegalCatch - a listener failure means "retry later"
                if (sentBack(message, e)) {
                    return true;
                }
                LOG.warn(
                        "listener of group {} failed on {} (attempt {}), retrying locally in {} ms",
                        consumer.config().group(),
                        message,
                        attempt,
                        backoff,
                        e);
            }
            if (loop.await(backoff)) {
                return false;
            }
            backoff = Math.min(
                    Math.max(1, backoff * 2), pushConfig.retryBackoffMax().toMillis());
        }
    }

    /** Hands a failed message to the broker's retry topic; false if the broker did not take it. */
    private boolean sentBack(ReceivedMessage message, Exception failure) {
        try {
            consumer.sendBack(message, pushConfig.maxReconsumeTimes());
            LOG.debug(
                    "listener of group {} failed on {} (delivery {}); sent back for a retry: {}",
                    consumer.config().group(),
                    message,
                    message.reconsumeTimes() + 1,
                    failure.toString());
            return true;
        } catch (MqException e) {
            LOG.warn("sending {} back to the broker failed: {}", message, e.toString());
            return false;
        }
    }

    /**
     * Stops polling, waits up to {@code shutdownTimeout} for running listener calls, commits the
     * finished offsets and leaves the group. Idempotent.
     */
    @Override
    public void close() {
        if (loop.stopPolling()) {
            loop.drainPool();
            consumer.close();
        }
    }
}
