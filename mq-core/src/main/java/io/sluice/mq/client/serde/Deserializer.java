package io.sluice.mq.client.serde;

import java.util.Map;

/**
 * Turns the body bytes of a received message back into a value.
 *
 * <p>Implementations must be thread-safe: one instance is shared by every consuming thread.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Deserializer<T> {

    /**
     * Deserializes one message body.
     *
     * @param source where the bytes came from (topic, queue, offset), named in every error
     * @param body the body bytes as stored (already decompressed)
     * @param properties the message's properties, read-only
     * @return the value; never {@code null}
     */
    T deserialize(MessageCoordinates source, byte[] body, Map<String, String> properties);
}
