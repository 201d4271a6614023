/**
 * Broker queue locks for ordered consumption (REMOTING.md 2.9): LOCK_BATCH_MQ and UNLOCK_BATCH_MQ
 * over a lease table keyed by (consumer group, queue).
 */
package io.sluice.mq.broker.lock;
