package io.sluice.mq.protocol.message;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MessageProperties;
import java.util.Map;

/**
 * A message decoded from the stored-message layout that pull, query, view and check bodies carry
 * (REMOTING.md 3.1). The body is as stored (possibly compressed, see {@link #sysFlag()}). Immutable
 * apart from the body array, which callers must not modify.
 *
 * @param queueId the queue the message is in
 * @param flag the user flag
 * @param queueOffset the offset in its queue
 * @param logPosition the commit-log position (PHYSICALOFFSET)
 * @param sysFlag {@link MessageSysFlag} bits
 * @param bornTimestamp when the producer created it, ms
 * @param bornHost the producer's address
 * @param storeTimestamp when the broker stored it, ms
 * @param storeHost the broker's address
 * @param reconsumeTimes deliveries that failed so far
 * @param preparedTransactionOffset log position of the half message for committed transactions
 * @param body the body bytes
 * @param topic the topic
 * @param properties the properties string
 */
public record WireMessage(
        int queueId,
        int flag,
        long queueOffset,
        long logPosition,
        int sysFlag,
        long bornTimestamp,
        HostAddress bornHost,
        long storeTimestamp,
        HostAddress storeHost,
        int reconsumeTimes,
        long preparedTransactionOffset,
        byte[] body,
        String topic,
        String properties) {

    /** The parsed properties. */
    public Map<String, String> propertyMap() {
        return MessageProperties.parse(properties);
    }

    /** The property {@code key}, or null. */
    public String property(String key) {
        return MessageProperties.find(properties, key);
    }

    /** The offset message id of this record. */
    public String offsetMessageId() {
        return MessageIds.offsetMessageId(storeHost, logPosition);
    }
}
