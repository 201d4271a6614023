/**
 * The pull path: checks, subscriptions and tag filters, piggy-backed offset commits, store reads
 * answered with the records as stored, and parking in {@code broker.longpoll}.
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting}, {@code store}, {@code
 * broker.topic}, {@code broker.client} and {@code broker.longpoll}.
 */
package io.sluice.mq.broker.pull;
