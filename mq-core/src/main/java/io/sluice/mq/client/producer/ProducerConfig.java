package io.sluice.mq.client.producer;

import io.sluice.mq.common.Checks;
import java.time.Duration;

/**
 * Settings of one {@link Producer}. Immutable.
 *
 * @param group the producer group, reported in heartbeats
 * @param sendTimeout timeout of each attempt
 * @param retries extra attempts after a retriable failure, on another broker when possible (an
 *     idempotent producer retries on the same queue)
 * @param compressThresholdBytes bodies larger than this are zlib-compressed (RocketMQ: 4096)
 * @param maxMessageBytes largest body accepted (RocketMQ: 4 MiB)
 * @param idempotent whether sends carry a producer id and a per-queue sequence so the broker drops
 *     retried duplicates (a Sluice extension: refused with {@link
 *     io.sluice.mq.client.transaction.ExtensionsUnavailableException} by a stock RocketMQ broker)
 */
public record ProducerConfig(
        String group,
        Duration sendTimeout,
        int retries,
        int compressThresholdBytes,
        int maxMessageBytes,
        boolean idempotent) {

    public ProducerConfig {
        Checks.argument(group != null && !group.isBlank(), "group must not be blank");
        Checks.argument(sendTimeout != null && !sendTimeout.isNegative() && !sendTimeout.isZero(), "sendTimeout > 0");
        Checks.argument(retries >= 0 && retries <= 16, "retries must be in [0, 16], was %s", retries);
        Checks.argument(compressThresholdBytes >= 0, "compressThresholdBytes must be >= 0");
        Checks.argument(maxMessageBytes > 0, "maxMessageBytes must be > 0");
    }

    /** A non-idempotent producer. */
    public ProducerConfig(
            String group, Duration sendTimeout, int retries, int compressThresholdBytes, int maxMessageBytes) {
        this(group, sendTimeout, retries, compressThresholdBytes, maxMessageBytes, false);
    }

    /** RocketMQ's defaults: 3 s per attempt, 2 retries, compress above 4 KiB, 4 MiB limit; not idempotent. */
    public static ProducerConfig of(String group) {
        return new ProducerConfig(group, Duration.ofSeconds(3), 2, 4096, 4 * 1024 * 1024, false);
    }

    public ProducerConfig withRetries(int value) {
        return new ProducerConfig(group, sendTimeout, value, compressThresholdBytes, maxMessageBytes, idempotent);
    }

    public ProducerConfig withSendTimeout(Duration value) {
        return new ProducerConfig(group, value, retries, compressThresholdBytes, maxMessageBytes, idempotent);
    }

    public ProducerConfig withCompressThreshold(int bytes) {
        return new ProducerConfig(group, sendTimeout, retries, bytes, maxMessageBytes, idempotent);
    }

    /** These settings with idempotence on or off (design note exactly-once-primitives.md §4). */
    public ProducerConfig idempotent(boolean value) {
        return new ProducerConfig(group, sendTimeout, retries, compressThresholdBytes, maxMessageBytes, value);
    }
}
