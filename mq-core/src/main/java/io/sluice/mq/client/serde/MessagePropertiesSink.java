package io.sluice.mq.client.serde;

/**
 * Where a {@link Serializer} writes message properties that describe the body (content type,
 * schema fingerprint). Keys and values must not contain the RocketMQ property separators
 * (characters 1 and 2).
 *
 * <p>Not thread-safe: an instance belongs to the one message being serialized.
 */
@FunctionalInterface
public interface MessagePropertiesSink {

    /** Sets {@code key} to {@code value}, replacing an earlier value. */
    void put(String key, String value);

    /** A sink that drops every property, for callers that have no message to write them to. */
    static MessagePropertiesSink discarding() {
        return (key, value) -> {};
    }
}
