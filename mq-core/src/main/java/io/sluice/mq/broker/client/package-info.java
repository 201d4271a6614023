/**
 * Connected clients: the {@link io.sluice.mq.broker.client.ClientRegistry} of producer and consumer
 * groups fed by heartbeats, its housekeeping (closed and silent connections), consumer-group
 * notifications and the subscription groups.
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting} and {@code broker.topic}.
 */
package io.sluice.mq.broker.client;
