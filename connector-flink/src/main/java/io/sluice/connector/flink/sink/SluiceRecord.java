package io.sluice.connector.flink.sink;

import io.sluice.mq.client.producer.Message;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * One record as the sink sends it: the {@link Message} (topic, tag, keys, body, user properties,
 * delay) and, optionally, the key that picks its queue.
 *
 * <p>With a queue key every record of that key goes to the same queue of the topic (the key's hash
 * modulo the topic's write queues, {@link io.sluice.mq.client.producer.QueueSelector#byKey}), so a
 * consumer of that queue sees them in the order the sink wrote them. Without one the producer picks
 * queues round robin. Immutable.
 *
 * @param message the message to send
 * @param queueKey the key whose queue the message goes to, or {@code null} for round robin
 */
@PublicEvolving
public record SluiceRecord(Message message, String queueKey) {

    public SluiceRecord {
        Objects.requireNonNull(message, "message");
    }

    /** A record sent to a round-robin queue. */
    public static SluiceRecord of(Message message) {
        return new SluiceRecord(message, null);
    }

    /** A record sent to the queue of {@code queueKey}, in order with the key's other records. */
    public static SluiceRecord ordered(Message message, String queueKey) {
        return new SluiceRecord(message, Objects.requireNonNull(queueKey, "queueKey"));
    }
}
