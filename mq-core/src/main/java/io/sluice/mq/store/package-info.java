/**
 * The message store's public face: {@link io.sluice.mq.store.FileMessageStore}, its configuration
 * and the values it takes and returns.
 *
 * <pre>
 *  append() ─▶ [bounded queue] ─▶ writer ─▶ commit log (store.log) ─▶ flusher: fsync, acks
 *                                              │
 *                                              └─▶ dispatcher (store.index): consume queues, key index
 *  getMessages() ◀─ consume queue ◀─ commit log          offsets (store.offset): checkpoint files
 * </pre>
 *
 * <p>Imports {@code common} and its own subpackages; never network code. Nothing outside this
 * package tree imports {@code store.log}, {@code store.index} or {@code store.offset}.
 */
package io.sluice.mq.store;
