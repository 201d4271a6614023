package io.sluice.mq.client.producer;

import io.sluice.mq.common.Checks;
import java.time.Duration;

/**
 * Settings of one {@link Producer}. Immutable.
 *
 * @param group the producer group, reported in heartbeats
 * @param sendTimeout timeout of each attempt
 * @param retries extra attempts after a retriable failure, on another broker when possible
 * @param compressThresholdBytes bodies larger than this are zlib-compressed (RocketMQ: 4096)
 * @param maxMessageBytes largest body accepted (RocketMQ: 4 MiB)
 */
public record ProducerConfig(
        String group, Duration sendTimeout, int retries, int compressThresholdBytes, int maxMessageBytes) {

    public ProducerConfig {
        Checks.argument(group != null && !group.isBlank(), "group must not be blank");
        Checks.argument(sendTimeout != null && !sendTimeout.isNegative() && !sendTimeout.isZero(), "sendTimeout > 0");
        Checks.argument(retries >= 0 && retries <= 16, "retries must be in [0, 16], was %s", retries);
        Checks.argument(compressThresholdBytes >= 0, "compressThresholdBytes must be >= 0");
        Checks.argument(maxMessageBytes > 0, "maxMessageBytes must be > 0");
    }

    /** RocketMQ's defaults: 3 s per attempt, 2 retries, compress above 4 KiB, 4 MiB limit. */
    public static ProducerConfig of(String group) {
        return new ProducerConfig(group, Duration.ofSeconds(3), 2, 4096, 4 * 1024 * 1024);
    }

    public ProducerConfig withRetries(int value) {
        return new ProducerConfig(group, sendTimeout, value, compressThresholdBytes, maxMessageBytes);
    }

    public ProducerConfig withSendTimeout(Duration value) {
        return new ProducerConfig(group, value, retries, compressThresholdBytes, maxMessageBytes);
    }

    public ProducerConfig withCompressThreshold(int bytes) {
        return new ProducerConfig(group, sendTimeout, retries, bytes, maxMessageBytes);
    }
}
