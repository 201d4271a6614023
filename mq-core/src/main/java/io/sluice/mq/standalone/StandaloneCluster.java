package io.sluice.mq.standalone;

import io.sluice.mq.broker.Broker;
import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.common.Clock;
import io.sluice.mq.namesrv.NameServer;
import io.sluice.mq.namesrv.NameServerConfig;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The embedded default: one {@link NameServer} and one {@link Broker} in this JVM, the broker
 * registered with the nameserver. Clients are given {@link #namesrvAddress()} as their
 * {@code namesrvAddr}. For tests and samples:
 *
 * <pre>{@code
 * BrokerConfig config = BrokerConfig.builder(dataDir).ephemeralLoopback().build();
 * try (StandaloneCluster cluster = StandaloneCluster.start(config, new SystemClock())) {
 *     String namesrv = cluster.namesrvAddress(); // "127.0.0.1:<port>"
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close} stops the broker (cleanly, store included), then the nameserver.
 */
public final class StandaloneCluster implements AutoCloseable {

    private final NameServer nameServer;
    private final Broker broker;

    private StandaloneCluster(NameServer nameServer, Broker broker) {
        this.nameServer = nameServer;
        this.broker = broker;
    }

    /**
     * Starts a nameserver on the broker's bind address with a free port, then the broker registered
     * with it (the broker's own {@code namesrvAddr} is replaced).
     */
    public static StandaloneCluster start(BrokerConfig brokerConfig, Clock clock)
            throws IOException, InterruptedException {
        String bind = brokerConfig.bindAddress();
        NameServerConfig nameServerConfig =
                NameServerConfig.builder().bindAddress(bind).listenPort(0).build();
        return start(nameServerConfig, brokerConfig, clock, Thread::new);
    }

    /** Starts the nameserver of {@code nameServerConfig}, then the broker registered with it. */
    public static StandaloneCluster start(
            NameServerConfig nameServerConfig, BrokerConfig brokerConfig, Clock clock, ThreadFactory threadFactory)
            throws IOException, InterruptedException {
        NameServer nameServer = NameServer.start(nameServerConfig, clock, threadFactory);
        try {
            BrokerConfig registered = brokerConfig.withNamesrvAddresses(List.of(nameServer.address()));
            return new StandaloneCluster(nameServer, Broker.start(registered, clock, threadFactory));
        } catch (IOException | InterruptedException | RuntimeException e) {
            nameServer.close();
            throw e;
        }
    }

    /** "ip:port" of the nameserver. */
    public String namesrvAddress() {
        return nameServer.address();
    }

    /** "ip:port" of the broker. */
    public String brokerAddress() {
        return broker.address();
    }

    public NameServer nameServer() {
        return nameServer;
    }

    public Broker broker() {
        return broker;
    }

    /** Stops the broker, then the nameserver. Idempotent. */
    @Override
    public void close() {
        broker.close();
        nameServer.close();
    }
}
