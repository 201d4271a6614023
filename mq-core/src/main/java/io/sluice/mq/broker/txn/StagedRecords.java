package io.sluice.mq.broker.txn;

import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageSysFlag;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.MessageDraft;
import java.util.Map;

/**
 * The staged form of a transactional message and the way back. A staged record lives in queue 0
 * of {@value TxnNames#STAGE_TOPIC} with its destination in {@code REAL_TOPIC}/{@code REAL_QID}
 * and its transaction in {@value TxnNames#STAGED_HANDLE}; the committed copy has the destination
 * back and those three properties (and a staged send's idempotence sequence) removed, everything else (body, flag, born time, keys, tags,
 * unique key) kept. Stateless, thread-safe.
 */
final class StagedRecords {

    private StagedRecords() {}

    /** {@code draft} (addressed to its real topic and queue) as a staged record of {@code handle}. */
    static MessageDraft toStaged(MessageDraft draft, TxnHandle handle) {
        Map<String, String> properties = MessageProperties.parse(draft.properties());
        properties.put(MessageConst.REAL_TOPIC, draft.topic());
        properties.put(MessageConst.REAL_QID, Integer.toString(draft.queueId()));
        properties.put(TxnNames.STAGED_HANDLE, handle.stagedKey());
        return new MessageDraft(
                TxnNames.STAGE_TOPIC,
                TxnNames.QUEUE_ID,
                draft.flag(),
                draft.sysFlag(),
                draft.bornTimestampMs(),
                draft.bornHost(),
                draft.reconsumeTimes(),
                0L,
                draft.body(),
                MessageProperties.encode(properties));
    }

    /** The staged record's handle key ({@code producerId:epoch:txnSeq}), or null if it has none. */
    static String stagedKey(WireMessage staged) {
        return staged.property(TxnNames.STAGED_HANDLE);
    }

    /** The committed copy of a staged record, for its real topic and queue. */
    static MessageDraft committedCopy(WireMessage staged) {
        Map<String, String> properties = staged.propertyMap();
        String topic = properties.remove(MessageConst.REAL_TOPIC);
        String queue = properties.remove(MessageConst.REAL_QID);
        properties.remove(TxnNames.STAGED_HANDLE);
        properties.remove(TxnNames.IDEMPOTENCE); // the staged record is what the sequence table replays
        if (topic == null || queue == null) {
            throw new ProtocolException(
                    "staged record at log position " + staged.logPosition() + " has no REAL_TOPIC/REAL_QID");
        }
        return new MessageDraft(
                topic,
                Integer.parseInt(queue),
                staged.flag(),
                staged.sysFlag() & ~(MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6),
                staged.bornTimestamp(),
                staged.bornHost(),
                staged.reconsumeTimes(),
                0L,
                staged.body(),
                MessageProperties.encode(properties));
    }
}
