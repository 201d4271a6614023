package io.sluice.mq.protocol;

/**
 * The {@code version} field of remoting headers: the ordinal of RocketMQ's {@code MQVersion.Version}
 * of the sender (REMOTING.md 1.6). Receivers use it for a few compatibility switches.
 */
public final class RemotingVersion {

    /** Lowest version that understands SQL92 filters. */
    public static final int V4_1_0 = 232;
    /** Namesrvs answer standard JSON (quoted map keys) to senders at or above this version. */
    public static final int V4_9_4 = 401;
    /** Apache RocketMQ 4.9.8: what our client claims, so 4.9.x and 5.x servers treat it alike. */
    public static final int V4_9_8 = 409;
    /** Apache RocketMQ 5.3.3. */
    public static final int V5_3_3 = 479;

    /** What Sluice puts in every request and response. */
    public static final int CURRENT = V4_9_8;

    private RemotingVersion() {}
}
