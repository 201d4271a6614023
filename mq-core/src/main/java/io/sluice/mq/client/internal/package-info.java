/**
 * Client internals shared by producers, consumers and the admin client: typed requests ({@link
 * io.sluice.mq.client.internal.ClientRpc}), the route cache, heartbeats and NOTIFY handling
 * ({@link io.sluice.mq.client.internal.ClientContext}), send encoding, unique ids, queue
 * allocation and tag filtering. Not an API: may change without notice.
 */
package io.sluice.mq.client.internal;
