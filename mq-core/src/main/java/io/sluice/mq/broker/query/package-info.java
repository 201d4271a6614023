/**
 * Looking messages up: by commit-log position (VIEW_MESSAGE_BY_ID) and by key or unique key
 * within a time range (QUERY_MESSAGE).
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting} and {@code store}.
 */
package io.sluice.mq.broker.query;
