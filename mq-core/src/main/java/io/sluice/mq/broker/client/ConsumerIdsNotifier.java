package io.sluice.mq.broker.client;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.remoting.RemoteChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every member of a consumer group that the group changed, with a oneway
 * NOTIFY_CONSUMER_IDS_CHANGED (40, header {@code consumerGroup}), so clients rebalance at once
 * instead of on their next 20 s timer. Sending only queues a write, so it may run on any thread,
 * including a network thread. Thread-safe.
 */
public final class ConsumerIdsNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerIdsNotifier.class);

    private final ClientRegistry registry;

    public ConsumerIdsNotifier(ClientRegistry registry) {
        this.registry = registry;
    }

    /** Notifies every current member of {@code group}; nothing if it has none. */
    public void notifyGroup(String group) {
        ConsumerGroupInfo info = registry.consumerGroup(group);
        if (info == null) {
            return;
        }
        for (RemoteChannel channel : info.channels().keySet()) {
            // One command per channel: the transport stamps each with its own opaque.
            RemotingCommand notify = RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                    .putExt("consumerGroup", group);
            channel.sendOneway(notify).whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.debug("could not notify {} of a change in group {}: {}", channel, group, error.toString());
                }
            });
        }
    }
}
