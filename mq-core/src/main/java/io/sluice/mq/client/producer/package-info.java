/**
 * Sending: {@link io.sluice.mq.client.producer.Producer} with sync, async, oneway and batch sends,
 * queue selection by key or round robin, retries and compression; {@link
 * io.sluice.mq.client.producer.Message} and {@link io.sluice.mq.client.producer.SendResult}.
 */
package io.sluice.mq.client.producer;
