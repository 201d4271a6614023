/**
 * The broker: {@link io.sluice.mq.broker.Broker} wires the store, the topic table, the client
 * registry, long polling and one processor per group of request codes, each in its own
 * sub-package, and runs their life cycle; {@link io.sluice.mq.broker.BrokerConfig} and {@link
 * io.sluice.mq.broker.BrokerConfigKeys} are its {@code broker.conf}.
 *
 * <pre>
 *  broker.send      SEND_MESSAGE, _V2, SEND_BATCH_MESSAGE
 *  broker.pull      PULL_MESSAGE, LITE_PULL_MESSAGE   ──▶ broker.longpoll (held pulls)
 *  broker.offset    consumer offsets, queue bounds, search by time
 *  broker.client    heartbeats, client registry, consumer lists, NOTIFY_CONSUMER_IDS_CHANGED
 *  broker.topic     topic table (persisted), auto-creation, topic admin
 *  broker.query     VIEW_MESSAGE_BY_ID (next: QUERY_MESSAGE)
 *  broker.registration  REGISTER_BROKER / UNREGISTER_BROKER with every nameserver
 *  broker.schedule  delay levels and timer messages (parking on send, delivery thread)
 *  broker.retry     CONSUMER_SEND_MSG_BACK: %RETRY% with backoff, %DLQ%
 * </pre>
 *
 * Features still to come (transactions, queue locks, SQL92)
 * each plug in as their own sub-package and processor the same way.
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting} and the store's public package
 * ({@code store}, {@code store.io}); never the store's internals, {@code namesrv} or {@code client}.
 */
package io.sluice.mq.broker;
