package io.sluice.mq.client.producer;

import io.sluice.mq.client.consumer.ReceivedMessage;

/**
 * The application side of a transactional send (RocketMQ's {@code TransactionListener}). The half
 * message is stored but invisible until the listener says COMMIT; ROLLBACK discards it; UNKNOWN
 * (or an exception) leaves the broker to ask {@link #check} later, until an answer other than
 * UNKNOWN or the broker's {@code transactionCheckMax} is reached (then it is dropped).
 *
 * <p>Implementations must be thread-safe: {@link #executeLocal} runs on the sending thread, {@link
 * #check} on the client's check thread, possibly for a message whose local transaction is still
 * running.
 */
public interface TransactionListener {

    /**
     * Runs the local transaction after the half message was stored.
     *
     * @param message the message sent
     * @param half where the broker stored the half message
     * @param argument what the caller passed to {@link TransactionalProducer#send}
     */
    TransactionState executeLocal(Message message, SendResult half, Object argument);

    /**
     * Tells the broker the outcome of the local transaction of {@code message} (its real topic,
     * unique id {@link ReceivedMessage#msgId()} and properties as sent).
     */
    TransactionState check(ReceivedMessage message);
}
