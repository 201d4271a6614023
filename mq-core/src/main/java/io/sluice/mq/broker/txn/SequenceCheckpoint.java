package io.sluice.mq.broker.txn;

import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.protocol.message.MessageConst;
import io.sluice.mq.protocol.message.MessageIds;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.MetadataFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the idempotence table ({@link ProducerSequences}) survive restarts: a checkpoint of the
 * table with the log position it covers (MetadataFile {@value #FILE}), and at start a replay of
 * the commit log from that position, rebuilding the answers of idempotent records from their
 * {@value TxnNames#IDEMPOTENCE} property. The records of one send are consecutive (one store
 * unit), so consecutive records with the same property value are one answer; message ids are
 * rebuilt from each record's stored host, so they match the first answer even if the port changed.
 *
 * <p>Payload (version 1, big-endian, strings as {@link DataOutputStream#writeUTF}): {@code
 * long position, int entries}, then per entry {@code long producerId, utf topic, int queueId,
 * int epoch, long lastUsedMs, int answers}, then per answer {@code long seq, int fields} and
 * {@code fields} pairs of {@code utf name, utf value}.
 *
 * <p>Why a checkpoint plus replay (and not a replay of the whole log): the table must remember
 * producers idle for up to {@code producerIdExpiry} (7 days), longer than a full replay at every
 * start should take; the checkpoint bounds the replay to the records written since the last one
 * (written every few seconds and at shutdown). The position never passes an in-flight send, so a
 * record under it always has its answer in the checkpoint.
 *
 * <p>The checkpoint is derived data: an unreadable one is ignored and the whole retained log is
 * replayed.
 *
 * <p>Not thread-safe: the owner serializes {@link #save} calls; {@link #load} runs once at start.
 */
final class SequenceCheckpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceCheckpoint.class);
    static final String FILE = "idempotence";
    private static final short VERSION = 1;
    private static final int SCAN_STEP = 8192;

    private final FileMessageStore store;
    private final MetadataFile file;

    SequenceCheckpoint(FileMessageStore store) {
        this.store = store;
        this.file = store.metadataFile(FILE);
    }

    /** Loads the checkpoint into {@code table}, then replays the log after it; returns the records replayed. */
    long load(ProducerSequences table) throws IOException {
        long from = store.minLogPosition();
        try {
            var payload = file.read(VERSION);
            if (payload.isPresent()) {
                from = Math.max(from, decode(payload.get(), table));
            }
        } catch (IOException | RuntimeException e) { // derived data: a full replay rebuilds it
            LOG.warn("idempotence checkpoint {} unreadable ({}); replaying the whole log", file.path(), e.toString());
        }
        Replay replay = new Replay(table);
        long position = from;
        long end = store.writtenPosition();
        while (position < end) {
            long next = store.scanLog(position, SCAN_STEP, replay::visit);
            if (next <= position) {
                break;
            }
            position = next;
        }
        replay.flush();
        return replay.records;
    }

    /** Writes a checkpoint of {@code table}. */
    void save(ProducerSequences table) throws IOException {
        long position = table.checkpointPosition(store.writtenPosition());
        List<ProducerSequences.Snapshot> entries = table.snapshot();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(position);
            out.writeInt(entries.size());
            for (ProducerSequences.Snapshot entry : entries) {
                out.writeLong(entry.key().producerId());
                out.writeUTF(entry.key().topic());
                out.writeInt(entry.key().queueId());
                out.writeInt(entry.epoch());
                out.writeLong(entry.lastUsedMs());
                out.writeInt(entry.seqs().size());
                for (int i = 0; i < entry.seqs().size(); i++) {
                    out.writeLong(entry.seqs().get(i));
                    Map<String, String> fields = entry.answers().get(i);
                    out.writeInt(fields.size());
                    for (Map.Entry<String, String> field : fields.entrySet()) {
                        out.writeUTF(field.getKey());
                        out.writeUTF(field.getValue());
                    }
                }
            }
        }
        file.write(VERSION, bytes.toByteArray());
    }

    private static long decode(ByteBuffer payload, ProducerSequences table) throws IOException {
        byte[] raw = new byte[payload.remaining()];
        payload.get(raw);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
            long position = in.readLong();
            int entries = in.readInt();
            for (int e = 0; e < entries; e++) {
                ProducerSequences.Key key = new ProducerSequences.Key(in.readLong(), in.readUTF(), in.readInt());
                int epoch = in.readInt();
                long usedMs = in.readLong();
                int answers = in.readInt();
                for (int a = 0; a < answers; a++) {
                    long seq = in.readLong();
                    int count = in.readInt();
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (int f = 0; f < count; f++) {
                        fields.put(in.readUTF(), in.readUTF());
                    }
                    table.replay(key, epoch, seq, fields, usedMs);
                }
            }
            return position;
        }
    }

    /** Groups consecutive records of one idempotent send into one answer. */
    private final class Replay {
        private final ProducerSequences table;
        private String pending;
        private ProducerSequences.Key key;
        private long queueOffset;
        private long storedAtMs;
        private String uniqueKey;
        private int count;
        private long nextPosition;
        private StringJoiner current = new StringJoiner(",");
        long records;

        Replay(ProducerSequences table) {
            this.table = table;
        }

        void visit(ByteBuffer bytes) {
            int size = bytes.remaining();
            for (WireMessage record : StoredMessageDecoder.decodeAll(bytes)) {
                visit(record, size);
            }
        }

        private void visit(WireMessage record, int size) {
            String properties = record.properties();
            String value = MessageProperties.find(properties, TxnNames.IDEMPOTENCE);
            if (value != null && value.equals(pending) && record.logPosition() == nextPosition) {
                current.add(MessageIds.offsetMessageId(record.storeHost(), record.logPosition()));
                count++;
                records++;
                nextPosition = record.logPosition() + size;
                return;
            }
            flush();
            if (value == null) {
                return;
            }
            pending = value;
            key = target(properties, producerId(value), record);
            nextPosition = record.logPosition() + size;
            queueOffset = record.queueOffset();
            storedAtMs = record.storeTimestamp();
            uniqueKey = MessageProperties.find(properties, MessageProperties.UNIQUE_KEY);
            count = 1;
            current = new StringJoiner(",");
            current.add(MessageIds.offsetMessageId(record.storeHost(), record.logPosition()));
            records++;
        }

        void flush() {
            if (pending == null) {
                return;
            }
            String[] parts = pending.split(":");
            pending = null;
            int epoch;
            long seq;
            try {
                epoch = Integer.parseInt(parts[1]);
                seq = Long.parseLong(parts[2]);
            } catch (RuntimeException e) { // a client-forged property on a plain send: not ours
                return;
            }
            if (parts.length == 3 && key.producerId() >= 0) {
                Map<String, String> answer = new LinkedHashMap<>();
                answer.put("msgId", current.toString());
                answer.put("queueId", Integer.toString(key.queueId()));
                answer.put("queueOffset", Long.toString(queueOffset));
                if (count == 1 && uniqueKey != null) {
                    answer.put("transactionId", uniqueKey);
                }
                table.replay(key, epoch, seq, answer, storedAtMs);
            }
        }

        /** The queue the client sent to: a delayed or half message names it in REAL_TOPIC/REAL_QID. */
        private ProducerSequences.Key target(String properties, long producerId, WireMessage record) {
            String realTopic = MessageProperties.find(properties, MessageConst.REAL_TOPIC);
            String realQueue = MessageProperties.find(properties, MessageConst.REAL_QID);
            if (realTopic != null && realQueue != null) {
                try {
                    return new ProducerSequences.Key(producerId, realTopic, Integer.parseInt(realQueue));
                } catch (NumberFormatException e) {
                    return new ProducerSequences.Key(-1, realTopic, 0); // malformed: skipped by flush
                }
            }
            return new ProducerSequences.Key(producerId, record.topic(), record.queueId());
        }

        private long producerId(String value) {
            int colon = value.indexOf(':');
            try {
                return Long.parseLong(colon < 0 ? value : value.substring(0, colon));
            } catch (NumberFormatException e) {
                return -1; // not ours (a client-forged property on a plain send): skipped
            }
        }
    }
}
