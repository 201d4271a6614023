package io.sluice.mq.remoting;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.RemotingCommand;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connecting side: one connection per remote "ip:port", shared by all callers and pipelined,
 * opened on first use and reopened after it closes. Requests complete with the peer's response,
 * a {@link RemotingTimeoutException} or a {@link RemotingConnectException}. Requests the peer sends
 * to us (e.g. NOTIFY_CONSUMER_IDS_CHANGED) go to processors registered like on the server.
 *
 * <p>Thread-safe.
 */
public final class RemotingClient extends RemotingEndpoint {

    private final RemotingClientConfig config;
    private final EventLoopGroup workers;
    private final Bootstrap bootstrap;
    private final Map<String, ChannelFuture> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public RemotingClient(RemotingClientConfig config, Clock clock, ThreadFactory threadFactory, String name) {
        super(clock, threadFactory, name);
        this.config = config;
        this.workers = new NioEventLoopGroup(config.ioThreads(), RemotingServer.named(threadFactory, name + "-io"));
        FrameEncoder encoder = new FrameEncoder();
        this.bootstrap = new Bootstrap()
                .group(workers)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
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
    }

    /** Sends {@code request} to {@code address} ("ip:port") and completes with the response. */
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, long timeoutMs) {
        return channel(address).thenCompose(channel -> invoke(channel, request, timeoutMs));
    }

    /**
     * Sends {@code request} and waits for the response.
     *
     * @throws RemotingException on timeout or connection failure
     */
    public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMs)
            throws InterruptedException {
        CompletableFuture<RemotingCommand> response = invoke(address, request, timeoutMs);
        try {
            return response.get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemotingException remoting) {
                throw remoting;
            }
            throw new RemotingException("request to " + address + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new RemotingTimeoutException("no response from " + address + " within " + timeoutMs + " ms");
        }
    }

    /** Sends {@code request} marked oneway; completes when written. */
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return channel(address).thenCompose(channel -> sendOneway(channel, request));
    }

    /** The connection to {@code address}, opening it if needed. */
    public CompletableFuture<RemoteChannel> connect(String address) {
        return channel(address).thenApply(this::remote);
    }

    /** Closes the connection to {@code address} if open. */
    public void closeConnection(String address) {
        ChannelFuture connection = connections.remove(address);
        if (connection != null) {
            connection.channel().close();
        }
    }

    private CompletableFuture<Channel> channel(String address) {
        if (closed) {
            return CompletableFuture.failedFuture(new RemotingConnectException("client closed"));
        }
        ChannelFuture connection = connections.compute(address, (key, existing) -> {
            if (existing != null && (!existing.isDone() || existing.channel().isActive())) {
                return existing;
            }
            return open(key);
        });
        CompletableFuture<Channel> result = new CompletableFuture<>();
        connection.addListener(done -> {
            if (done.isSuccess()) {
                result.complete(connection.channel());
            } else {
                connections.remove(address, connection);
                result.completeExceptionally(
                        new RemotingConnectException("cannot connect to " + address, done.cause()));
            }
        });
        return result;
    }

    private ChannelFuture open(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address must be host:port, was '" + address + "'");
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        ChannelFuture connection = bootstrap.connect(host, port);
        connection.channel().closeFuture().addListener(ignored -> connections.remove(address, connection));
        return connection;
    }

    /** Closes every connection and stops the I/O threads. */
    @Override
    public void close() {
        closed = true;
        for (ChannelFuture connection : connections.values()) {
            connection.channel().close();
        }
        connections.clear();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        super.close();
    }
}
