/**
 * Files derived from the commit log: a consume queue per topic and queue, the key index, and the
 * dispatcher that writes both and checkpoints how far they are durable. Everything here can be
 * rebuilt from the commit log.
 *
 * <p>Imports {@code common}, {@code store.io}, {@code store.log} and {@code store.offset}.
 */
package io.sluice.mq.store.index;
