/**
 * Consumer progress and offset reset (REMOTING.md 2.12, BROKER-FEATURES.md 1.12):
 * GET_CONSUME_STATS and GET_TOPIC_STATS_INFO for lag in messages and seconds, and
 * INVOKE_BROKER_TO_RESET_OFFSET, which moves a group's offsets to a point in time and pushes them
 * to its online consumers with RESET_CONSUMER_CLIENT_OFFSET.
 *
 * <p>Imports {@code broker.client}, {@code broker.topic}, {@code common}, {@code protocol}, {@code
 * remoting} and {@code store}.
 */
package io.sluice.mq.broker.progress;
