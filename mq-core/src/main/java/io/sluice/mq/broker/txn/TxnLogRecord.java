package io.sluice.mq.broker.txn;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.MessageDraft;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state record of the coordinator log ({@value TxnNames#LOG_TOPIC}, queue 0). The body is the
 * type name in ASCII (readable with any tool); the fields are message properties:
 *
 * <pre>
 * type       fields (property keys)
 * EPOCH      tid pid epoch timeoutMs          INIT: the current session of tid (tid "" = idempotent only)
 * OPEN       tid pid epoch seq low timeoutAt  first staged send; low = stage queue offset lower bound
 * SEALED     tid pid epoch seq count          prepareCommit: survives fencing, count staged messages
 * ENDED      tid pid epoch seq outcome count  COMMITTED (last record of the commit unit) or an abort
 * </pre>
 *
 * Immutable. Unused fields are 0 or empty.
 *
 * @param type the record type
 * @param handle the transaction (for EPOCH: seq 0)
 * @param value OPEN: the stage lower bound; SEALED/ENDED: the staged count; EPOCH: the timeout
 * @param timeoutAtMs OPEN: when the broker aborts it (wall clock)
 * @param outcome ENDED: how it ended, else null
 */
record TxnLogRecord(Type type, TxnHandle handle, long value, long timeoutAtMs, Outcome outcome) {

    /** The record types. */
    enum Type {
        EPOCH,
        OPEN,
        SEALED,
        ENDED
    }

    static TxnLogRecord epoch(String tid, long pid, int epoch, long timeoutMs) {
        return new TxnLogRecord(Type.EPOCH, new TxnHandle(tid, pid, epoch, 0), timeoutMs, 0, null);
    }

    static TxnLogRecord open(TxnHandle handle, long stageLow, long timeoutAtMs) {
        return new TxnLogRecord(Type.OPEN, handle, stageLow, timeoutAtMs, null);
    }

    static TxnLogRecord sealed(TxnHandle handle, long count) {
        return new TxnLogRecord(Type.SEALED, handle, count, 0, null);
    }

    static TxnLogRecord ended(TxnHandle handle, Outcome outcome, long count) {
        return new TxnLogRecord(Type.ENDED, handle, count, 0, outcome);
    }

    /** The record as a draft for queue 0 of the log topic. */
    MessageDraft toDraft(HostAddress host, long nowMs) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tid", handle.transactionalId());
        properties.put("pid", Long.toString(handle.producerId()));
        properties.put("epoch", Integer.toString(handle.epoch()));
        properties.put("seq", Long.toString(handle.txnSeq()));
        properties.put("value", Long.toString(value));
        properties.put("timeoutAt", Long.toString(timeoutAtMs));
        if (outcome != null) {
            properties.put("outcome", outcome.name());
        }
        return MessageDraft.of(
                TxnNames.LOG_TOPIC,
                TxnNames.QUEUE_ID,
                type.name().getBytes(StandardCharsets.US_ASCII),
                MessageProperties.encode(properties),
                nowMs,
                host);
    }

    /** Parses a stored log record; throws naming the queue offset and field when it is malformed. */
    static TxnLogRecord parse(WireMessage message) {
        String where = TxnNames.LOG_TOPIC + " offset " + message.queueOffset();
        try {
            Map<String, String> p = message.propertyMap();
            Type type = Type.valueOf(new String(message.body(), StandardCharsets.US_ASCII));
            TxnHandle handle = new TxnHandle(
                    require(p, "tid", where),
                    Long.parseLong(require(p, "pid", where)),
                    Integer.parseInt(require(p, "epoch", where)),
                    Long.parseLong(require(p, "seq", where)));
            String outcome = p.get("outcome");
            return new TxnLogRecord(
                    type,
                    handle,
                    Long.parseLong(require(p, "value", where)),
                    Long.parseLong(require(p, "timeoutAt", where)),
                    outcome == null ? null : Outcome.valueOf(outcome));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("malformed coordinator record at " + where + ": " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> properties, String key, String where) {
        String value = properties.get(key);
        if (value == null) {
            throw new ProtocolException("coordinator record at " + where + " has no '" + key + "'");
        }
        return value;
    }
}
