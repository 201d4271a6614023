package io.sluice.mq.remoting;

import io.netty.channel.Channel;
import io.sluice.mq.protocol.RemotingCommand;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One connection as the layers above see it: its peer address, whether it is open, and the ability
 * to send requests to the peer (broker-to-client calls such as NOTIFY_CONSUMER_IDS_CHANGED) or close
 * it. Equality is identity of the underlying connection. Thread-safe.
 */
public final class RemoteChannel {

    private final Channel channel;
    private final RemotingEndpoint endpoint;

    RemoteChannel(Channel channel, RemotingEndpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    /** The peer's address as "ip:port". */
    public String remoteAddress() {
        SocketAddress address = channel.remoteAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** The peer's socket address, or null once closed. */
    public InetSocketAddress remoteSocketAddress() {
        SocketAddress address = channel.remoteAddress();
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    /** Our side's socket address, or null once closed. */
    public InetSocketAddress localSocketAddress() {
        SocketAddress address = channel.localAddress();
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Sends {@code request} marked oneway; completes when written or fails with the write error. */
    public CompletableFuture<Void> sendOneway(RemotingCommand request) {
        return endpoint.sendOneway(channel, request);
    }

    /** Sends {@code request} and completes with the peer's response or a timeout. */
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMs) {
        return endpoint.invoke(channel, request, timeoutMs);
    }

    /** Closes the connection. */
    public void close() {
        channel.close();
    }

    Channel nettyChannel() {
        return channel;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RemoteChannel that && channel == that.channel;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(channel);
    }

    @Override
    public String toString() {
        return "channel[" + remoteAddress() + "]";
    }
}
