/**
 * Message filters on the broker (REMOTING.md 2.4, 2.6; BROKER-FEATURES.md 1.7): the tag-hash filter
 * of TAG subscriptions, the SQL92 property filter ({@link io.sluice.mq.filter.SqlFilter}) compiled
 * once per subscription, and CHECK_CLIENT_CONFIG (46), with which the official push consumer has
 * an SQL92 subscription checked before it starts. Design: {@code docs/design/filters.md}.
 */
package io.sluice.mq.broker.filter;
