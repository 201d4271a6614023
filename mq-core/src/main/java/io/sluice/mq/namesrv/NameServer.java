package io.sluice.mq.namesrv;

import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.FrameCodec;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.remoting.RemotingServer;
import io.sluice.mq.remoting.RemotingServerConfig;
import io.sluice.mq.remoting.RequestExecutor;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RocketMQ-compatible nameserver: brokers register their topics with it, clients ask it where
 * topics live. It keeps no durable state; several can run side by side and every broker registers
 * with all of them. Brokers that stop registering are dropped after {@link
 * NameServerConfig#brokerExpiry()}, checked every {@link NameServerConfig#scanInterval()}, and at
 * once when their connection closes.
 *
 * <p>Life cycle: {@link #start} binds and returns a running nameserver; {@link #close} stops it.
 * Thread-safe.
 */
public final class NameServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NameServer.class);

    private final NameServerConfig config;
    private final Clock clock;
    private final RouteTable routes = new RouteTable();
    private final RemotingServer server;
    private final RequestExecutor executor;
    private final ScheduledThreadPoolExecutor scanner;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NameServer(NameServerConfig config, Clock clock, ThreadFactory threadFactory) {
        this.config = config;
        this.clock = clock;
        this.server = new RemotingServer(
                new RemotingServerConfig(
                        config.bindAddress(),
                        config.listenPort(),
                        config.ioThreads(),
                        FrameCodec.DEFAULT_MAX_FRAME_BYTES,
                        config.channelIdleTimeout()),
                clock,
                threadFactory,
                "mq-namesrv");
        this.executor = new RequestExecutor(
                "mq-namesrv-worker",
                config.workerThreads(),
                config.requestQueueCapacity(),
                10_000,
                clock,
                threadFactory);
        this.scanner = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = threadFactory.newThread(runnable);
            thread.setName("mq-namesrv-scanner");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a nameserver: binds its port and begins expiring silent brokers. */
    public static NameServer start(NameServerConfig config, Clock clock, ThreadFactory threadFactory)
            throws InterruptedException {
        NameServer nameServer = new NameServer(config, clock, threadFactory);
        nameServer.startServing();
        return nameServer;
    }

    private void startServing() throws InterruptedException {
        NameServerProcessor processor = new NameServerProcessor(routes, clock);
        for (int code : List.of(
                RequestCode.REGISTER_BROKER,
                RequestCode.UNREGISTER_BROKER,
                RequestCode.GET_ROUTEINFO_BY_TOPIC,
                RequestCode.GET_BROKER_CLUSTER_INFO,
                RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
                RequestCode.DELETE_TOPIC_IN_NAMESRV)) {
            server.registerProcessor(code, processor, executor);
        }
        server.addListener(channel -> {
            for (String address : routes.connectionClosed(channel)) {
                LOG.info("broker {} removed: its connection closed", address);
            }
        });
        try {
            server.start();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        long interval = config.scanInterval().toMillis();
        scanner.scheduleWithFixedDelay(this::scanExpired, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("nameserver listening on {}", address());
    }

    /** Drops brokers that have not registered within the expiry; runs on the scanner thread. */
    void scanExpired() {
        try {
            for (String address :
                    routes.expire(clock.nanoTime(), config.brokerExpiry().toNanos())) {
                LOG.warn(
                        "broker {} removed: no registration for {} ms",
                        address,
                        config.brokerExpiry().toMillis());
            }
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - an escaped exception would stop the scans
            LOG.error("expiry scan failed; will retry on the next scan", e);
        }
    }

    /** "ip:port" clients and brokers use; the loopback address when bound to all interfaces. */
    public String address() {
        String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
        return host + ":" + server.port();
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The routing state, for inspection. */
    public RouteTable routes() {
        return routes;
    }

    /** Stops accepting, closes every connection and stops the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scanner.shutdownNow();
        server.close();
        executor.close();
        LOG.info("nameserver stopped");
    }
}
