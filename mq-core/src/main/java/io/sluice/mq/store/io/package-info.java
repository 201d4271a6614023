/**
 * The file-system seam of the store: {@link io.sluice.mq.store.io.Storage} and {@link
 * io.sluice.mq.store.io.StorageFile}, with the real {@link io.sluice.mq.store.io.FileStorage}.
 * Simulated and fault-injecting implementations live in the tests.
 *
 * <p>Imports the JDK only; no network code.
 */
package io.sluice.mq.store.io;
