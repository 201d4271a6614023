/**
 * Looking messages up: by commit-log position (VIEW_MESSAGE_BY_ID); query by key (QUERY_MESSAGE)
 * joins it next.
 *
 * <p>Imports {@code common}, {@code protocol}, {@code remoting} and {@code store}.
 */
package io.sluice.mq.broker.query;
