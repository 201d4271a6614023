/**
 * The commit log: segment files, the record codec, the single writer, the flusher (group commit),
 * recovery and retention. The commit log is the only source of truth for messages.
 *
 * <p>Imports {@code common}, {@code store} value types and {@code store.io}.
 */
package io.sluice.mq.store.log;
