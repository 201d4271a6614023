package io.sluice.mq.broker.transaction;

import io.sluice.mq.broker.client.ClientChannel;
import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.remoting.RemoteChannel;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends CHECK_TRANSACTION_STATE, oneway, to one live connection of the half message's producer
 * group ({@code PGROUP}), as the client registry knows it from heartbeats: the connection with the
 * most recent heartbeat, so a client that went quiet is asked last. Sending only queues a write.
 *
 * <p>Thread-safe.
 */
final class CheckSender {

    private static final Logger LOG = LoggerFactory.getLogger(CheckSender.class);

    private final ClientRegistry clients;
    private final String brokerName;

    CheckSender(ClientRegistry clients, String brokerName) {
        this.clients = clients;
        this.brokerName = brokerName;
    }

    /**
     * Asks a producer of {@code copy}'s group about it.
     *
     * @param record the copy's stored bytes
     * @return whether a live producer connection was found
     */
    boolean send(ByteBuffer record, WireMessage copy) {
        String group = copy.property(MessageConst.PGROUP);
        ClientChannel target = null;
        if (group != null) {
            for (ClientChannel candidate : clients.producerGroup(group).values()) {
                if (candidate.channel().isActive()
                        && (target == null || candidate.lastHeartbeatNanos() > target.lastHeartbeatNanos())) {
                    target = candidate;
                }
            }
        }
        if (target == null) {
            LOG.info(
                    "no live producer of group {} to check transaction {}; it stays open",
                    group,
                    copy.property(MessageConst.UNIQ_KEY));
            return false;
        }
        RemoteChannel channel = target.channel();
        channel.sendOneway(CheckRequests.check(record, copy, brokerName)).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.info(
                        "check of transaction {} to {} not sent: {}",
                        copy.property(MessageConst.UNIQ_KEY),
                        channel,
                        error.toString());
            }
        });
        return true;
    }
}
