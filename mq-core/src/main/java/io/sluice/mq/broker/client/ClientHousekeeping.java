package io.sluice.mq.broker.client;

import io.sluice.mq.common.Clock;
import io.sluice.mq.remoting.ChannelEventListener;
import io.sluice.mq.remoting.RemoteChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link ClientRegistry} honest: drops a connection's registrations when it closes, and
 * on each {@link #scan()} drops and closes connections whose last heartbeat is older than the
 * expiry (RocketMQ: 120 s), notifying the consumer groups that lost members. Thread-safe.
 */
public final class ClientHousekeeping implements ChannelEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientHousekeeping.class);

    private final ClientRegistry registry;
    private final ConsumerIdsNotifier notifier;
    private final Clock clock;
    private final Duration expiry;

    public ClientHousekeeping(ClientRegistry registry, ConsumerIdsNotifier notifier, Clock clock, Duration expiry) {
        this.registry = registry;
        this.notifier = notifier;
        this.clock = clock;
        this.expiry = expiry;
    }

    /** A connection closed (network thread): forget it and tell the groups it left. */
    @Override
    public void onClosed(RemoteChannel channel) {
        for (String group : registry.channelClosed(channel)) {
            LOG.info("consumer connection {} of group {} closed", channel, group);
            notifier.notifyGroup(group);
        }
    }

    /** One expiry pass. */
    public void scan() {
        ClientRegistry.Expired expired = registry.expire(clock.nanoTime(), expiry.toNanos());
        for (RemoteChannel channel : expired.channels()) {
            LOG.warn("closing {}: no heartbeat for {} ms", channel, expiry.toMillis());
            channel.close();
        }
        for (String group : expired.changedGroups()) {
            notifier.notifyGroup(group);
        }
    }
}
