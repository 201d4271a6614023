package io.sluice.mq.client.consumer;

/**
 * Consumes one message for a {@link PushConsumer}. Called concurrently from the push consumer's
 * thread pool, so implementations must be thread-safe. Returning normally marks the message done;
 * throwing makes the push consumer call again later with backoff.
 */
@FunctionalInterface
public interface MessageListener {

    /** Processes {@code message}; throw to have it retried. */
    void onMessage(ReceivedMessage message) throws Exception;
}
