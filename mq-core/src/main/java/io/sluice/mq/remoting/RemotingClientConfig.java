package io.sluice.mq.remoting;

import io.sluice.mq.common.Checks;
import io.sluice.mq.protocol.FrameCodec;
import java.time.Duration;

/**
 * Settings of a {@link RemotingClient}.
 *
 * @param ioThreads Netty I/O threads
 * @param maxFrameBytes largest accepted frame
 * @param connectTimeout how long opening a connection may take
 * @param idleTimeout connections silent this long are closed
 */
public record RemotingClientConfig(int ioThreads, int maxFrameBytes, Duration connectTimeout, Duration idleTimeout) {

    public RemotingClientConfig {
        Checks.argument(ioThreads > 0, "ioThreads must be > 0, was %s", ioThreads);
        Checks.argument(maxFrameBytes >= 1024, "maxFrameBytes must be >= 1024, was %s", maxFrameBytes);
        Checks.argument(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be > 0");
        Checks.argument(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idleTimeout must be > 0");
    }

    /** One I/O thread, 16 MiB frames, 3 s connect timeout, 120 s idle. */
    public static RemotingClientConfig defaults() {
        return new RemotingClientConfig(
                1, FrameCodec.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(3), Duration.ofSeconds(120));
    }
}
