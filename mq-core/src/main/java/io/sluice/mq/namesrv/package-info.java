/**
 * The nameserver: {@link io.sluice.mq.namesrv.RouteTable} (pure state: brokers, clusters, topic
 * queues, liveness) and {@link io.sluice.mq.namesrv.NameServer} (its network face and the expiry
 * scan). Stateless across restarts; brokers re-register every 30 s.
 *
 * <p>Imports {@code common}, {@code protocol} and {@code remoting}; never {@code store} or {@code
 * broker}.
 */
package io.sluice.mq.namesrv;
