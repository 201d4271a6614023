package io.sluice.mq.client.admin;

import io.sluice.mq.common.MessageQueue;
import java.util.Map;

/**
 * Which online consumer of a group holds which queue, as each consumer reported it
 * (GET_CONSUMER_RUNNING_INFO through its broker). Immutable.
 *
 * @param owners the client id holding each queue
 * @param unanswered consumers that did not report, with the reason; their queues are not in
 *     {@code owners}
 */
public record QueueOwners(Map<MessageQueue, String> owners, Map<String, String> unanswered) {

    public QueueOwners {
        owners = Map.copyOf(owners);
        unanswered = Map.copyOf(unanswered);
    }

    /** The ip part of the id of the client holding {@code queue} ({@code ip@instance}), or null. */
    public String clientIp(MessageQueue queue) {
        String clientId = owners.get(queue);
        if (clientId == null) {
            return null;
        }
        int at = clientId.indexOf('@');
        return at < 0 ? clientId : clientId.substring(0, at);
    }
}
