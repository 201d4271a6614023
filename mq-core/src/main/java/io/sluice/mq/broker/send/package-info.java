/**
 * The send path: header parsing in both spellings, topic and queue checks, drafts for the store
 * (unique keys, the CLUSTER property, batches split), asynchronous answers when the store
 * acknowledges, and the mapping of store failures to response codes.
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting}, {@code store}, {@code
 * broker.topic} and {@code broker.transaction} (half messages).
 */
package io.sluice.mq.broker.send;
