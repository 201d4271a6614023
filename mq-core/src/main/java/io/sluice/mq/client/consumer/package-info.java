/**
 * Consuming: {@link io.sluice.mq.client.consumer.Consumer} (assign mode for stream engines,
 * subscribe mode with group rebalancing), and {@link io.sluice.mq.client.consumer.PushConsumer}, a
 * listener on a bounded pool on top of subscribe mode. Offsets are always the next offset to read.
 */
package io.sluice.mq.client.consumer;
