/**
 * The Netty transport of the remoting protocol: {@link io.sluice.mq.remoting.RemotingServer} and
 * {@link io.sluice.mq.remoting.RemotingClient}, frame limits, bounded request executors with
 * busy fast-fail, request/response matching and timeouts.
 *
 * <p>Imports {@code common}, {@code protocol}, Netty and SLF4J.
 */
package io.sluice.mq.remoting;
