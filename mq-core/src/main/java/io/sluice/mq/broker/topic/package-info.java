/**
 * The broker's topics: the persisted {@link io.sluice.mq.broker.topic.TopicTable}, RocketMQ's
 * naming rules, auto-creation from TBW102 and of retry topics, and the topic admin requests.
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting} and {@code store}.
 */
package io.sluice.mq.broker.topic;
