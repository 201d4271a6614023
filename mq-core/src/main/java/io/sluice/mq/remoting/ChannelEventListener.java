package io.sluice.mq.remoting;

/**
 * Told when a server's connection closes or goes idle, so registries (clients, brokers) can drop
 * what belonged to it. Called on a Netty I/O thread: must be quick and must not block.
 */
public interface ChannelEventListener {

    /** {@code channel} closed, for any reason. */
    void onClosed(RemoteChannel channel);
}
