package io.sluice.mq.broker.transaction;

import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.GetResult;
import io.sluice.mq.store.GetStatus;
import io.sluice.mq.store.MetadataFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the ledger's two positions and rebuilds the ledger at start.
 *
 * <p>File {@code config/transactions} (a {@link MetadataFile}: atomic replace, magic, version, CRC),
 * version 1, payload 16 bytes big-endian: {@code int64 halfPosition} (the check scan's next half
 * queue offset), {@code int64 opPosition} (the first op queue offset to replay).
 *
 * <p>Recovery reads every half copy from {@code halfPosition} to the end (noting each origin's
 * newest copy), then every op record from {@code opPosition} to the end (noting outcomes of
 * transactions in that window). A stale file is safe: older positions only make recovery read more.
 * With no file (first start) both positions are the queues' first offsets.
 *
 * <p>Not thread-safe: {@link #persist} is called by the check thread and at close, never at once.
 */
final class LedgerRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRecovery.class);
    private static final short VERSION = 1;
    private static final int READ_BATCH = 256;
    private static final int READ_BYTES = 4 * 1024 * 1024;

    private final FileMessageStore store;
    private final MetadataFile file;

    LedgerRecovery(FileMessageStore store) {
        this.store = store;
        this.file = store.metadataFile("transactions");
    }

    /** Rebuilds the ledger from the file and the two queues. */
    TransactionLedger recover() throws IOException {
        long half = clamp(TransactionTopics.HALF_TOPIC, 0);
        long op = clamp(TransactionTopics.OP_TOPIC, 0);
        Optional<ByteBuffer> saved = file.read(VERSION);
        if (saved.isPresent()) {
            ByteBuffer payload = saved.get();
            half = clamp(TransactionTopics.HALF_TOPIC, payload.getLong());
            op = clamp(TransactionTopics.OP_TOPIC, payload.getLong());
        }
        TransactionLedger ledger = new TransactionLedger(half);
        long halves = scan(
                TransactionTopics.HALF_TOPIC,
                half,
                copy -> ledger.copyAt(HalfMessages.origin(copy), copy.queueOffset()));
        long ops = scan(
                TransactionTopics.OP_TOPIC,
                op,
                record -> ledger.replayOp(
                        HalfMessages.opOrigin(record), HalfMessages.opOutcome(record), record.queueOffset()));
        LOG.info(
                "transactions recovered: {} half copies from offset {}, {} op records from offset {}, {} in the"
                        + " window",
                halves,
                half,
                ops,
                op,
                ledger.size());
        return ledger;
    }

    /** Writes the ledger's positions. */
    void persist(TransactionLedger ledger) throws IOException {
        TransactionLedger.Positions positions =
                ledger.snapshot(store.maxOffset(TransactionTopics.OP_TOPIC, TransactionTopics.QUEUE_ID));
        ByteBuffer payload = ByteBuffer.allocate(16);
        payload.putLong(positions.halfPosition()).putLong(positions.opPosition());
        file.write(VERSION, payload.array());
    }

    /** {@code offset} moved into the queue's readable range. */
    private long clamp(String topic, long offset) {
        long min = store.minOffset(topic, TransactionTopics.QUEUE_ID);
        long max = store.maxOffset(topic, TransactionTopics.QUEUE_ID);
        return Math.max(min, Math.min(max, offset));
    }

    /** Calls {@code each} for every record of {@code topic} from {@code from}; returns the count. */
    private long scan(String topic, long from, java.util.function.Consumer<WireMessage> each) throws IOException {
        long next = from;
        long count = 0;
        long end = store.maxOffset(topic, TransactionTopics.QUEUE_ID);
        while (next < end) {
            GetResult result = store.getMessages(topic, TransactionTopics.QUEUE_ID, next, READ_BATCH, READ_BYTES, null);
            if (result.status() == GetStatus.OFFSET_TOO_SMALL) {
                next = result.nextBeginOffset();
                continue;
            }
            for (ByteBuffer record : result.messages()) {
                for (WireMessage message : StoredMessageDecoder.decodeAll(record)) {
                    each.accept(message);
                    count++;
                }
            }
            if (result.nextBeginOffset() <= next) {
                break; // nothing readable (removed entries): the rest is gone too
            }
            next = result.nextBeginOffset();
        }
        return count;
    }
}
