package io.sluice.mq.remoting;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.mq.common.Clock;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of the remoting protocol: accepts connections, decodes frames, hands requests
 * to the processor registered for their code on that processor's {@link RequestExecutor}, answers
 * unknown codes with REQUEST_CODE_NOT_SUPPORTED, and can send requests back to clients over their
 * {@link RemoteChannel}. Closes connections idle longer than the configured timeout.
 *
 * <p>Thread-safe. Register processors and listeners before {@link #start()}.
 */
public final class RemotingServer extends RemotingEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RemotingServer.class);

    private final RemotingServerConfig config;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final FrameEncoder encoder = new FrameEncoder();
    private Channel listening;

    public RemotingServer(RemotingServerConfig config, Clock clock, ThreadFactory threadFactory, String name) {
        super(clock, threadFactory, name);
        this.config = config;
        this.boss = new NioEventLoopGroup(1, named(threadFactory, name + "-accept"));
        this.workers = new NioEventLoopGroup(config.ioThreads(), named(threadFactory, name + "-io"));
    }

    static ThreadFactory named(ThreadFactory factory, String prefix) {
        java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = factory.newThread(runnable);
            thread.setName(prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Binds and starts accepting. */
    public void start() throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("flushes", flushConsolidation())
                                .addLast("encoder", encoder)
                                .addLast("decoder", new FrameDecoder(config.maxFrameBytes()))
                                .addLast(
                                        "idle",
                                        new IdleStateHandler(
                                                0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast("inbound", inboundHandler());
                    }
                });
        listening = bootstrap.bind(config.bindAddress(), config.port()).sync().channel();
        LOG.info("listening on {}", listening.localAddress());
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    /** The bound address (after {@link #start()}). */
    public String bindAddress() {
        return config.bindAddress();
    }

    /** Stops accepting, closes every connection and stops the I/O threads. */
    @Override
    public void close() {
        if (listening != null) {
            listening.close().awaitUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        super.close();
    }
}
