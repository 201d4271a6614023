package io.sluice.mq.namesrv;

import io.sluice.mq.common.Checks;
import java.time.Duration;

/**
 * Immutable configuration of a {@link NameServer}. Built through {@link #builder()}; {@link
 * Builder#build()} rejects bad values naming the key.
 *
 * @param bindAddress address to listen on
 * @param listenPort {@code listenPort}: port to listen on (RocketMQ's default 9876); 0 picks a free one
 * @param ioThreads network I/O threads
 * @param workerThreads {@code serverWorkerThreads}: threads handling requests
 * @param requestQueueCapacity requests waiting for a worker before callers get SYSTEM_BUSY
 * @param brokerExpiry a broker not registered for this long is removed (RocketMQ: 120 s)
 * @param scanInterval how often brokers are checked for expiry (RocketMQ: 5 s)
 * @param channelIdleTimeout {@code serverChannelMaxIdleTimeSeconds}: silent connections are closed
 */
public record NameServerConfig(
        String bindAddress,
        int listenPort,
        int ioThreads,
        int workerThreads,
        int requestQueueCapacity,
        Duration brokerExpiry,
        Duration scanInterval,
        Duration channelIdleTimeout) {

    /** RocketMQ's nameserver port. */
    public static final int DEFAULT_PORT = 9876;

    /** A builder with RocketMQ's defaults: all interfaces, port 9876. */
    public static Builder builder() {
        return new Builder();
    }

    /** 127.0.0.1 on a free port: what tests and embedded clusters use. */
    public static NameServerConfig ephemeralLoopback() {
        return builder().bindAddress("127.0.0.1").listenPort(0).build();
    }

    /** Collects settings; not thread-safe. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int listenPort = DEFAULT_PORT;
        private int ioThreads = 2;
        private int workerThreads = 8;
        private int requestQueueCapacity = 10_000;
        private Duration brokerExpiry = Duration.ofSeconds(120);
        private Duration scanInterval = Duration.ofSeconds(5);
        private Duration channelIdleTimeout = Duration.ofSeconds(120);

        private Builder() {}

        public Builder bindAddress(String value) {
            this.bindAddress = value;
            return this;
        }

        public Builder listenPort(int value) {
            this.listenPort = value;
            return this;
        }

        public Builder ioThreads(int value) {
            this.ioThreads = value;
            return this;
        }

        public Builder workerThreads(int value) {
            this.workerThreads = value;
            return this;
        }

        public Builder requestQueueCapacity(int value) {
            this.requestQueueCapacity = value;
            return this;
        }

        public Builder brokerExpiry(Duration value) {
            this.brokerExpiry = value;
            return this;
        }

        public Builder scanInterval(Duration value) {
            this.scanInterval = value;
            return this;
        }

        public Builder channelIdleTimeout(Duration value) {
            this.channelIdleTimeout = value;
            return this;
        }

        /** Validates every key and builds the config. */
        public NameServerConfig build() {
            Checks.argument(
                    bindAddress != null && !bindAddress.isBlank(), "bindAddress must be set, was '%s'", bindAddress);
            Checks.argument(
                    listenPort >= 0 && listenPort <= 65535, "listenPort must be in [0, 65535], was %s", listenPort);
            Checks.argument(ioThreads >= 1, "ioThreads must be >= 1, was %s", ioThreads);
            Checks.argument(workerThreads >= 1, "serverWorkerThreads must be >= 1, was %s", workerThreads);
            Checks.argument(
                    requestQueueCapacity >= 1, "requestQueueCapacity must be >= 1, was %s", requestQueueCapacity);
            Checks.argument(positive(brokerExpiry), "brokerExpiry must be positive, was %s", brokerExpiry);
            Checks.argument(positive(scanInterval), "scanInterval must be positive, was %s", scanInterval);
            Checks.argument(
                    positive(channelIdleTimeout),
                    "serverChannelMaxIdleTimeSeconds must be positive, was %s",
                    channelIdleTimeout);
            return new NameServerConfig(
                    bindAddress,
                    listenPort,
                    ioThreads,
                    workerThreads,
                    requestQueueCapacity,
                    brokerExpiry,
                    scanInterval,
                    channelIdleTimeout);
        }

        private static boolean positive(Duration value) {
            return value != null && !value.isNegative() && !value.isZero();
        }
    }
}
