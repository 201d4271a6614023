package io.sluice.mq.client.internal;

import io.sluice.mq.common.MessageQueue;

/**
 * One PULL_MESSAGE (11) as the client sends it (REMOTING.md 2.4). Immutable.
 *
 * @param group the consumer group
 * @param queue the queue
 * @param offset the queue offset to read from
 * @param maxMessages most messages to return
 * @param sysFlag PullSysFlag bits
 * @param commitOffset piggy-backed commit (used with flag 0x1)
 * @param suspendMs how long the broker may hold the pull
 * @param expression subscription expression
 * @param expressionType TAG or SQL92
 */
public record PullRequest(
        String group,
        MessageQueue queue,
        long offset,
        int maxMessages,
        int sysFlag,
        long commitOffset,
        long suspendMs,
        String expression,
        String expressionType) {

    /** PullSysFlag bit: store {@code commitOffset}. */
    public static final int FLAG_COMMIT_OFFSET = 0x1;
    /** PullSysFlag bit: long polling allowed. */
    public static final int FLAG_SUSPEND = 0x2;
    /** PullSysFlag bit: the request carries its subscription. */
    public static final int FLAG_SUBSCRIPTION = 0x4;
    /** PullSysFlag bit: lite-pull consumer. */
    public static final int FLAG_LITE_PULL = 0x10;
    /** What the lite-pull consumers send: suspend, subscription, lite pull (22). */
    public static final int LITE_PULL_FLAGS = FLAG_SUSPEND | FLAG_SUBSCRIPTION | FLAG_LITE_PULL;
}
