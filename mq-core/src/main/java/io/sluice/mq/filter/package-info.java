/**
 * RocketMQ's SQL92 message filter: a hand-written lexer ({@link io.sluice.mq.filter.SqlLexer}),
 * recursive-descent parser ({@link io.sluice.mq.filter.SqlParser}) and evaluator over message
 * properties ({@link io.sluice.mq.filter.SqlFilter}). Shared by the broker, which evaluates
 * subscriptions on the pull path, and the client, which rejects a malformed expression before it
 * is sent. Depends on nothing but the JDK; the design is in {@code docs/design/filters.md}.
 */
package io.sluice.mq.filter;
