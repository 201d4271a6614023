package io.sluice.mq.remoting;

import io.sluice.mq.common.Checks;
import io.sluice.mq.protocol.FrameCodec;
import java.time.Duration;

/**
 * Settings of a {@link RemotingServer}.
 *
 * @param bindAddress address to listen on, e.g. 127.0.0.1 or 0.0.0.0
 * @param port port to listen on; 0 picks a free one
 * @param ioThreads Netty I/O threads (they never touch the disk)
 * @param maxFrameBytes largest accepted frame; longer ones close the connection
 * @param idleTimeout connections silent this long are closed (RocketMQ: 120 s)
 */
public record RemotingServerConfig(
        String bindAddress, int port, int ioThreads, int maxFrameBytes, Duration idleTimeout) {

    public RemotingServerConfig {
        Checks.notNull(bindAddress, "bindAddress");
        Checks.argument(port >= 0 && port <= 0xFFFF, "port out of range: %s", port);
        Checks.argument(ioThreads > 0, "ioThreads must be > 0, was %s", ioThreads);
        Checks.argument(maxFrameBytes >= 1024, "maxFrameBytes must be >= 1024, was %s", maxFrameBytes);
        Checks.argument(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idleTimeout must be > 0");
    }

    /** Loopback, an ephemeral port, two I/O threads, 16 MiB frames, 120 s idle. */
    public static RemotingServerConfig loopback() {
        return new RemotingServerConfig("127.0.0.1", 0, 2, FrameCodec.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(120));
    }

    /** A copy listening on {@code newPort}. */
    public RemotingServerConfig withPort(int newPort) {
        return new RemotingServerConfig(bindAddress, newPort, ioThreads, maxFrameBytes, idleTimeout);
    }

    /** A copy accepting frames up to {@code bytes}. */
    public RemotingServerConfig withMaxFrameBytes(int bytes) {
        return new RemotingServerConfig(bindAddress, port, ioThreads, bytes, idleTimeout);
    }
}
