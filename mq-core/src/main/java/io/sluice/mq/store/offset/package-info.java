/**
 * Small durable state besides the commit log: consumer-group offsets and the atomically replaced
 * checkpoint file format they and the dispatch checkpoint use.
 *
 * <p>Imports {@code common} and {@code store.io}.
 */
package io.sluice.mq.store.offset;
