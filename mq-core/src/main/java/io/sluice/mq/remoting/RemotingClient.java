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
import java.util.function.Consumer;

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
    private final Map<String, OrderedConnection> connections = new ConcurrentHashMap<>();
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

    /**
     * Sends {@code request} to {@code address} ("ip:port") and completes with the response. Requests
     * issued one after another from one thread are written in that order, also while the connection
     * is still opening.
     */
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, long timeoutMs) {
        CompletableFuture<RemotingCommand> response = new CompletableFuture<>();
        withChannel(
                address,
                channel -> invoke(channel, request, timeoutMs).whenComplete((answer, error) -> {
                    if (error != null) {
                        response.completeExceptionally(error);
                    } else {
                        response.complete(answer);
                    }
                }),
                response::completeExceptionally);
        return response;
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
        CompletableFuture<Void> written = new CompletableFuture<>();
        withChannel(
                address,
                channel -> sendOneway(channel, request).whenComplete((ignored, error) -> {
                    if (error != null) {
                        written.completeExceptionally(error);
                    } else {
                        written.complete(null);
                    }
                }),
                written::completeExceptionally);
        return written;
    }

    /** The connection to {@code address}, opening it if needed. */
    public CompletableFuture<RemoteChannel> connect(String address) {
        CompletableFuture<RemoteChannel> result = new CompletableFuture<>();
        withChannel(address, channel -> result.complete(remote(channel)), result::completeExceptionally);
        return result;
    }

    /** Closes the connection to {@code address} if open. */
    public void closeConnection(String address) {
        OrderedConnection connection = connections.remove(address);
        if (connection != null) {
            connection.channel().close();
        }
    }

    /** Runs {@code write} on the connection to {@code address} (opening it if needed), in submission order. */
    private void withChannel(String address, Consumer<Channel> write, Consumer<Throwable> failure) {
        if (closed) {
            failure.accept(new RemotingConnectException("client closed"));
            return;
        }
        OrderedConnection connection = connections.compute(address, (key, existing) -> {
            if (existing != null && existing.usable()) {
                return existing;
            }
            return open(key);
        });
        connection.submit(write, failure);
    }

    private OrderedConnection open(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address must be host:port, was '" + address + "'");
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        ChannelFuture opening = bootstrap.connect(host, port);
        OrderedConnection connection = new OrderedConnection(address, opening);
        opening.addListener(done -> {
            if (!done.isSuccess()) {
                connections.remove(address, connection);
            }
        });
        opening.channel().closeFuture().addListener(ignored -> connections.remove(address, connection));
        return connection;
    }

    /** Closes every connection and stops the I/O threads. */
    @Override
    public void close() {
        closed = true;
        for (OrderedConnection connection : connections.values()) {
            connection.channel().close();
        }
        connections.clear();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        super.close();
    }
}
