package io.sluice.mq.client.transaction;

import io.sluice.mq.client.internal.ClientContext;
import io.sluice.mq.client.internal.SendCodec;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.MessageSysFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The half-message fallback of an {@link ExactlyOnceProducer} against a broker without the Sluice
 * extensions (docs/design/exactly-once-primitives.md §5.1): turns each staged send into a RocketMQ
 * half message tagged with its transaction, lists the halves in the handle, and answers the
 * broker's check-backs for the producer group ({@link MarkerCheckListener}) while the producer is
 * open.
 *
 * <p>The producer id of a fallback session is made up here (no broker hands one out): the client
 * clock in ms times 1024 plus a random 10-bit salt, so sessions of one transactional id differ and
 * a check-back can tell "a later transaction of this session was decided" (the rule that rolls an
 * abandoned transaction back). The epoch is always 0: nothing fences a stock broker's producers.
 * Thread-safe.
 */
final class HalfMessageMode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HalfMessageMode.class);

    /** The default marker topic. */
    static final String DEFAULT_MARKER_TOPIC = "SLUICE_EO_MARKERS";

    private final ClientContext context;
    private final String group;
    private final String markerTopic;
    private final long producerId;
    private final MarkerCheckListener listener;

    HalfMessageMode(
            HalfMessageTransactions transactions,
            String group,
            String brokerName,
            String address,
            String topic,
            String markerTopic) {
        this.context = transactions.context();
        this.group = group;
        this.markerTopic = markerTopic;
        this.producerId = (context.clock().nowMs() << 10) | context.random().nextInt(1024);
        MarkerLog log = transactions.markers(brokerName, address, markerTopic);
        this.listener = new MarkerCheckListener(
                group,
                Set.of(topic, markerTopic),
                log,
                context,
                2 * context.rpc().timeoutMs());
        context.register(listener);
        context.heartbeatAll(); // the broker can check back on this client from now on
        LOG.warn(
                "broker {} ({}) answered SLUICE_FEATURES with REQUEST_CODE_NOT_SUPPORTED: idempotence and"
                        + " transactional batches are unavailable; exactly-once producer group {} falls back to half"
                        + " messages with commit markers in {} (no atomic visibility across queues, no dense offsets,"
                        + " no fencing; a transaction not committed before the broker's transactionCheckMax is rolled"
                        + " back)",
                brokerName,
                address,
                group,
                markerTopic);
    }

    long producerId() {
        return producerId;
    }

    /** A staged send as a half message: PREPARED flag, {@code TRAN_MSG}, {@code PGROUP}, the transaction. */
    SendCodec.Prepared half(SendCodec.Prepared plain, String transactionalId, long txnSeq) {
        Map<String, String> properties = MessageProperties.parse(plain.properties());
        properties.put(MessageConst.TRAN_MSG, "true");
        properties.put(MessageConst.PGROUP, group);
        properties.put(MarkerCheckListener.PROPERTY, transactionalId + "|" + producerId + "|" + txnSeq);
        return new SendCodec.Prepared(
                plain.topic(),
                plain.uniqKey(),
                plain.body(),
                plain.sysFlag() | MessageSysFlag.TRANSACTION_PREPARED_TYPE,
                plain.flag(),
                MessageProperties.encode(properties));
    }

    /** The handle's half-message ids from the transaction's acknowledged sends. */
    HalfMessageIds ids(List<SendResult> acked) {
        List<HalfMessageIds.Half> halves = new ArrayList<>(acked.size());
        for (SendResult sent : acked) {
            halves.add(new HalfMessageIds.Half(
                    sent.queueOffset(), MessageIds.decode(sent.offsetMsgId()).logPosition(), sent.msgId()));
        }
        return new HalfMessageIds(group, markerTopic, halves);
    }

    /** Stops answering check-backs (another producer of the group, or a restart, takes over). */
    @Override
    public void close() {
        context.unregister(listener);
    }
}
