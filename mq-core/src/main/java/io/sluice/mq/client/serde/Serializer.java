package io.sluice.mq.client.serde;

/**
 * Turns a value into the body bytes of a message, optionally adding message properties (for
 * example a schema fingerprint).
 *
 * <p>Implementations must be thread-safe: one instance is shared by every sending thread of a
 * producer and by every subtask of a connector in the same JVM.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Serializer<T> {

    /**
     * Serializes one value.
     *
     * @param topic the destination topic, so a serializer may choose a schema per topic
     * @param value the value; never {@code null}
     * @param properties the message's user properties; a serializer may add entries to it
     * @return the body bytes; never {@code null}
     */
    byte[] serialize(String topic, T value, MessagePropertiesSink properties);
}
