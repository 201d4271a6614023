package io.sluice.mq.client.consumer;

import io.sluice.mq.common.Checks;
import java.time.Duration;

/**
 * Settings of the push layer of a {@link PushConsumer}. Immutable.
 *
 * @param threads listener threads
 * @param maxInFlight messages handed to the pool and not yet done, across queues
 * @param retryBackoffMin first wait before calling the listener again locally, when sending a
 *     failed message back to the broker failed too
 * @param retryBackoffMax longest such wait (the wait doubles per failure)
 * @param commitInterval how often finished offsets are committed
 * @param shutdownTimeout how long close waits for running listener calls
 * @param maxReconsumeTimes how often a failed message is redelivered through the group's retry
 *     topic before the broker moves it to the dead-letter topic (RocketMQ's default 16)
 */
public record PushConsumerConfig(
        int threads,
        int maxInFlight,
        Duration retryBackoffMin,
        Duration retryBackoffMax,
        Duration commitInterval,
        Duration shutdownTimeout,
        int maxReconsumeTimes) {

    /** RocketMQ's default retries per message. */
    public static final int DEFAULT_MAX_RECONSUME_TIMES = 16;

    public PushConsumerConfig {
        Checks.argument(threads > 0 && threads <= 256, "threads in [1, 256], was %s", threads);
        Checks.argument(maxInFlight >= threads, "maxInFlight must be >= threads");
        Checks.argument(!retryBackoffMin.isNegative() && retryBackoffMax.compareTo(retryBackoffMin) >= 0, "backoffs");
        Checks.argument(!commitInterval.isNegative() && !commitInterval.isZero(), "commitInterval must be > 0");
        Checks.argument(!shutdownTimeout.isNegative(), "shutdownTimeout must be >= 0");
        Checks.argument(
                maxReconsumeTimes >= 0 && maxReconsumeTimes <= 1000,
                "maxReconsumeTimes in [0, 1000], was %s",
                maxReconsumeTimes);
    }

    /**
     * 4 threads, 256 in flight, local backoff 100 ms to 10 s, commit every 5 s, 10 s to shut down,
     * 16 retries.
     */
    public static PushConsumerConfig defaults() {
        return new PushConsumerConfig(
                4,
                256,
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                DEFAULT_MAX_RECONSUME_TIMES);
    }

    public PushConsumerConfig withThreads(int value) {
        return new PushConsumerConfig(
                value,
                Math.max(maxInFlight, value),
                retryBackoffMin,
                retryBackoffMax,
                commitInterval,
                shutdownTimeout,
                maxReconsumeTimes);
    }

    public PushConsumerConfig withCommitInterval(Duration value) {
        return new PushConsumerConfig(
                threads, maxInFlight, retryBackoffMin, retryBackoffMax, value, shutdownTimeout, maxReconsumeTimes);
    }

    public PushConsumerConfig withMaxReconsumeTimes(int value) {
        return new PushConsumerConfig(
                threads, maxInFlight, retryBackoffMin, retryBackoffMax, commitInterval, shutdownTimeout, value);
    }
}
