package io.sluice.mq.client.producer;

/**
 * What a transactional send did. Immutable.
 *
 * @param half where the half message was stored
 * @param state what the local transaction reported (and the producer told the broker)
 */
public record TransactionSendResult(SendResult half, TransactionState state) {}
