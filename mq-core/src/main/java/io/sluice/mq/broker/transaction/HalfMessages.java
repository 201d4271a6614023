package io.sluice.mq.broker.transaction;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageSysFlag;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.MessageDraft;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The records of the half/op scheme (REMOTING.md 4.5) and the conversions between them: a send
 * turned into a half message, a half copy turned into the committed message, a re-queued copy, a
 * parked (dropped) copy and an op record. Every half copy carries its transaction's <em>origin</em>:
 * the queue offset of the first copy ({@value TransactionTopics#PREPARED_QUEUE_OFFSET}, absent on
 * the first copy itself), so all copies of one transaction resolve as one.
 *
 * <p>Thread-safe (stateless).
 */
public final class HalfMessages {

    private HalfMessages() {}

    /** Whether a send with {@code sysFlag} and {@code properties} is a transactional half message. */
    public static boolean isPrepared(int sysFlag, String properties) {
        return MessageSysFlag.transactionType(sysFlag) == MessageSysFlag.TRANSACTION_PREPARED_TYPE
                || "true".equals(MessageProperties.find(properties, MessageConst.TRAN_MSG));
    }

    /**
     * The half message for {@code draft} (already addressed to its real topic and queue): parked in
     * queue 0 of the half topic with the real destination in {@code REAL_TOPIC}/{@code REAL_QID},
     * {@code __transactionId__} = the unique key, {@code PGROUP} filled from the send header when
     * the producer left it out, and the transaction bits cleared (RocketMQ stores it so).
     */
    public static MessageDraft toHalf(MessageDraft draft, String producerGroup) {
        Map<String, String> properties = MessageProperties.parse(draft.properties());
        properties.put(MessageConst.TRAN_MSG, "true");
        properties.putIfAbsent(MessageConst.PGROUP, producerGroup == null ? "" : producerGroup);
        properties.put(MessageConst.REAL_TOPIC, draft.topic());
        properties.put(MessageConst.REAL_QID, Integer.toString(draft.queueId()));
        String uniqueKey = properties.get(MessageConst.UNIQ_KEY);
        if (uniqueKey != null) {
            properties.put(MessageConst.TRANSACTION_ID, uniqueKey);
        }
        return new MessageDraft(
                TransactionTopics.HALF_TOPIC,
                TransactionTopics.QUEUE_ID,
                draft.flag(),
                MessageSysFlag.withTransactionType(draft.sysFlag(), MessageSysFlag.TRANSACTION_NOT_TYPE),
                draft.bornTimestampMs(),
                draft.bornHost(),
                draft.reconsumeTimes(),
                0L,
                draft.body(),
                MessageProperties.encode(properties));
    }

    /** Decodes the one record in {@code record}. */
    static WireMessage decode(ByteBuffer record) {
        List<WireMessage> messages = StoredMessageDecoder.decodeAll(record);
        if (messages.size() != 1) {
            throw new ProtocolException("expected one record, found " + messages.size());
        }
        return messages.get(0);
    }

    /** The queue offset of the first copy of {@code copy}'s transaction. */
    static long origin(WireMessage copy) {
        String origin = copy.property(TransactionTopics.PREPARED_QUEUE_OFFSET);
        return origin == null ? copy.queueOffset() : Long.parseLong(origin);
    }

    /** How often {@code copy}'s transaction was checked so far. */
    static int checkTimes(WireMessage copy) {
        String times = copy.property(MessageConst.TRANSACTION_CHECK_TIMES);
        return times == null ? 0 : Integer.parseInt(times);
    }

    /** The real topic of a half copy; throws naming the property when it is missing. */
    static String realTopic(WireMessage copy) {
        String topic = copy.property(MessageConst.REAL_TOPIC);
        if (topic == null || topic.isEmpty()) {
            throw new ProtocolException("half message at offset " + copy.queueOffset() + " has no REAL_TOPIC");
        }
        return topic;
    }

    /** The real queue of a half copy; throws naming the property when it is missing or bad. */
    static int realQueueId(WireMessage copy) {
        String queue = copy.property(MessageConst.REAL_QID);
        try {
            return Integer.parseInt(queue);
        } catch (NumberFormatException e) {
            throw new ProtocolException(
                    "half message at offset " + copy.queueOffset() + " has REAL_QID '" + queue + "', not a queue id",
                    e);
        }
    }

    /**
     * The committed message: the real topic and queue back, the parking properties removed, the
     * transaction bits COMMIT and PREPAREDTRANSACTIONOFFSET the half copy's log position.
     */
    static MessageDraft committed(WireMessage copy) {
        Map<String, String> properties = copy.propertyMap();
        properties.remove(MessageConst.REAL_TOPIC);
        properties.remove(MessageConst.REAL_QID);
        properties.remove(MessageConst.TRAN_MSG);
        properties.remove(TransactionTopics.PREPARED_QUEUE_OFFSET);
        return new MessageDraft(
                realTopic(copy),
                realQueueId(copy),
                copy.flag(),
                MessageSysFlag.withTransactionType(hostBitsCleared(copy), MessageSysFlag.TRANSACTION_COMMIT_TYPE),
                copy.bornTimestamp(),
                copy.bornHost(),
                copy.reconsumeTimes(),
                copy.logPosition(),
                copy.body(),
                MessageProperties.encode(properties));
    }

    /** A new copy of {@code copy} at the tail of the half queue, with the given check count. */
    static MessageDraft requeued(WireMessage copy, int checkTimes) {
        Map<String, String> properties = copy.propertyMap();
        properties.put(MessageConst.TRANSACTION_CHECK_TIMES, Integer.toString(checkTimes));
        properties.put(TransactionTopics.PREPARED_QUEUE_OFFSET, Long.toString(origin(copy)));
        return copyTo(copy, TransactionTopics.HALF_TOPIC, MessageProperties.encode(properties));
    }

    /** {@code copy} parked in {@value TransactionTopics#CHECK_MAX_TOPIC}, properties kept. */
    static MessageDraft parked(WireMessage copy) {
        return copyTo(copy, TransactionTopics.CHECK_MAX_TOPIC, copy.properties());
    }

    private static MessageDraft copyTo(WireMessage copy, String topic, String properties) {
        return new MessageDraft(
                topic,
                TransactionTopics.QUEUE_ID,
                copy.flag(),
                hostBitsCleared(copy),
                copy.bornTimestamp(),
                copy.bornHost(),
                copy.reconsumeTimes(),
                0L,
                copy.body(),
                properties);
    }

    /** The sysFlag of {@code copy} without the host bits, which the store sets itself. */
    private static int hostBitsCleared(WireMessage copy) {
        return copy.sysFlag() & ~(MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6);
    }

    /**
     * The op record of a resolution. Body: the origin queue offset in ASCII decimal (RocketMQ's op
     * body is the decimal offset too); properties: tag {@value TransactionTopics#OP_TAG}, the
     * {@link Outcome} and the offset of the copy the resolution named.
     */
    static MessageDraft opRecord(long origin, long copyOffset, Outcome outcome, HostAddress host, long nowMs) {
        String properties = MessageProperties.encode(Map.of(
                MessageConst.TAGS, TransactionTopics.OP_TAG,
                TransactionTopics.OUTCOME, outcome.name(),
                TransactionTopics.RESOLVED_COPY, Long.toString(copyOffset)));
        return MessageDraft.of(
                TransactionTopics.OP_TOPIC,
                TransactionTopics.QUEUE_ID,
                Long.toString(origin).getBytes(StandardCharsets.US_ASCII),
                properties,
                nowMs,
                host);
    }

    /** The origin an op record resolves. */
    static long opOrigin(WireMessage op) {
        return Long.parseLong(new String(op.body(), StandardCharsets.US_ASCII).trim());
    }

    /** The outcome an op record states. */
    static Outcome opOutcome(WireMessage op) {
        String outcome = op.property(TransactionTopics.OUTCOME);
        return outcome == null ? Outcome.ROLLBACK : Outcome.valueOf(outcome);
    }
}
