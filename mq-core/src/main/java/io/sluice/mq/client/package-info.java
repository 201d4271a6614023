/**
 * Sluice's client for RocketMQ-remoting brokers (Sluice's own and Apache RocketMQ 4.9/5.x): {@link
 * io.sluice.mq.client.MqClient} is one client instance (connections, route cache, heartbeats,
 * background threads) that creates producers ({@code producer}), poll-based and push-style
 * consumers ({@code consumer}) and the admin client ({@code admin}). It speaks like the official
 * 4.9.8 Java client (JSON headers, version 409, PULL_MESSAGE 11 with the lite-pull flag).
 *
 * <pre>
 *  app threads ──► Producer / Consumer.poll ──► ClientContext ──► RemotingClient ──► brokers, namesrvs
 *                        ▲                         │ scheduler: routes 30 s, heartbeats 30 s, rebalance 20 s
 *                        └── Fetcher thread ◄──────┘ Netty threads complete pulls; NOTIFY (40) → rebalance
 * </pre>
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting}, {@code client.serde}, SLF4J and
 * the JDK; never the store, broker or nameserver (checked by {@code LayeringTest}).
 */
package io.sluice.mq.client;
