/**
 * mqadmin-style operations: topic creation, routes, cluster info, topic configs, offsets, message
 * view by offset id and consumer lag ({@link io.sluice.mq.client.admin.AdminClient}).
 */
package io.sluice.mq.client.admin;
