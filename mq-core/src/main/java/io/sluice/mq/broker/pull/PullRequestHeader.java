package io.sluice.mq.broker.pull;

import io.sluice.mq.protocol.RemotingCommand;

/**
 * The header of PULL_MESSAGE and LITE_PULL_MESSAGE (REMOTING.md 2.4). Fields the official clients
 * always send are required; the rest default the way a 4.9.x client that omits them expects.
 * Immutable.
 *
 * @param group {@code consumerGroup}
 * @param topic {@code topic}
 * @param queueId {@code queueId}
 * @param queueOffset {@code queueOffset}: where to read
 * @param maxMessages {@code maxMsgNums}
 * @param sysFlag {@code sysFlag}: {@link #FLAG_COMMIT_OFFSET}, {@link #FLAG_SUSPEND}, {@link
 *     #FLAG_SUBSCRIPTION}, {@link #FLAG_LITE_PULL}
 * @param commitOffset {@code commitOffset}: piggy-backed committed offset
 * @param suspendTimeoutMillis {@code suspendTimeoutMillis}: longest hold
 * @param subscription {@code subscription}: expression, used with {@link #FLAG_SUBSCRIPTION}
 * @param subVersion {@code subVersion}
 * @param expressionType {@code expressionType}: TAG (default) or SQL92
 * @param maxBytes {@code maxMsgBytes} (5.x), or 0 when absent
 */
public record PullRequestHeader(
        String group,
        String topic,
        int queueId,
        long queueOffset,
        int maxMessages,
        int sysFlag,
        long commitOffset,
        long suspendTimeoutMillis,
        String subscription,
        long subVersion,
        String expressionType,
        int maxBytes) {

    /** Store {@code commitOffset} as the group's offset. */
    public static final int FLAG_COMMIT_OFFSET = 0x1;
    /** The broker may hold the pull until a message arrives. */
    public static final int FLAG_SUSPEND = 0x2;
    /** Filter with {@code subscription} instead of the heartbeat's subscription. */
    public static final int FLAG_SUBSCRIPTION = 0x4;
    /** Sent by lite-pull consumers. */
    public static final int FLAG_LITE_PULL = 0x10;

    /** Parses the header; a missing or malformed required field names itself. */
    public static PullRequestHeader parse(RemotingCommand request) {
        return new PullRequestHeader(
                request.requireExt("consumerGroup"),
                request.requireExt("topic"),
                request.requireExtInt("queueId"),
                request.requireExtLong("queueOffset"),
                request.requireExtInt("maxMsgNums"),
                request.requireExtInt("sysFlag"),
                request.extLong("commitOffset", -1),
                request.extLong("suspendTimeoutMillis", 0),
                request.ext("subscription"),
                request.extLong("subVersion", 0),
                request.ext("expressionType"),
                request.extInt("maxMsgBytes", 0));
    }

    public boolean commitsOffset() {
        return (sysFlag & FLAG_COMMIT_OFFSET) != 0;
    }

    public boolean maySuspend() {
        return (sysFlag & FLAG_SUSPEND) != 0;
    }

    public boolean carriesSubscription() {
        return (sysFlag & FLAG_SUBSCRIPTION) != 0;
    }
}
