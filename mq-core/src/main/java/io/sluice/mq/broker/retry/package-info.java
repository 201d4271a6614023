/**
 * Retry and dead letters: {@link io.sluice.mq.broker.retry.SendBackProcessor} answers
 * CONSUMER_SEND_MSG_BACK (36) by storing a copy of the failed message in {@code %RETRY%<group>}
 * with RocketMQ's backoff (delay level {@code 3 + reconsumeTimes}, parked by the delay router) or,
 * once the group's retries are used up, in {@code %DLQ%<group>}. Design: {@code
 * docs/design/delay-and-retry.md}.
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting}, the store's public package and
 * {@code broker.client}, {@code broker.topic}, {@code broker.schedule}.
 */
package io.sluice.mq.broker.retry;
