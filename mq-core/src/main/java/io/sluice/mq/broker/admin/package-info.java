/**
 * Broker administration beyond topics and offsets, for {@code sluice admin} and the official
 * {@code mqadmin}: subscription groups (200, 201, 207), consumer and producer connections (203,
 * 204), runtime information (28) and the broker's configuration (26), with the few keys that are
 * safe to change while serving (25). {@link io.sluice.mq.broker.admin.BrokerAdminProcessors} wires
 * them into the broker.
 */
package io.sluice.mq.broker.admin;
