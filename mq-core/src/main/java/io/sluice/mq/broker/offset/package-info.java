/**
 * Consumer-group offsets and queue bounds: query, update, min, max, search by time, earliest
 * store time.
 *
 * <p>Imports {@code protocol}, {@code remoting} and {@code store}.
 */
package io.sluice.mq.broker.offset;
