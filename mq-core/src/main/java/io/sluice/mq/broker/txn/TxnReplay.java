package io.sluice.mq.broker.txn;

import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.protocol.message.WireMessage;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.GetResult;
import io.sluice.mq.store.GetStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the coordinator at start from the recovered store: every record of {@value
 * TxnNames#LOG_TOPIC} in order, then the staged records of {@value TxnNames#STAGE_TOPIC} from the
 * lowest stage offset an open transaction may use, attaching each to its open transaction (staged
 * records of ended or unknown transactions are skipped). The store must be open and fully
 * dispatched (it is after {@link FileMessageStore#open}). Single use, single thread.
 *
 * <p>The log is replayed from its first retained record; a checkpoint of the replay position is
 * a later optimisation (design note §3), the log holds a few small records per transaction.
 */
final class TxnReplay {

    private static final Logger LOG = LoggerFactory.getLogger(TxnReplay.class);
    private static final int READ_BATCH = 512;
    private static final int READ_BYTES = 4 * 1024 * 1024;

    private final FileMessageStore store;

    TxnReplay(FileMessageStore store) {
        this.store = store;
    }

    /** Replays into {@code coordinator}. */
    void replayInto(TxnCoordinator coordinator) throws IOException {
        long records = scan(
                TxnNames.LOG_TOPIC,
                store.minOffset(TxnNames.LOG_TOPIC, TxnNames.QUEUE_ID),
                message -> coordinator.replay(TxnLogRecord.parse(message), message.storeTimestamp()));
        long stageEnd = store.maxOffset(TxnNames.STAGE_TOPIC, TxnNames.QUEUE_ID);
        long from = Math.max(
                store.minOffset(TxnNames.STAGE_TOPIC, TxnNames.QUEUE_ID), coordinator.lowestStageOffset(stageEnd));
        Map<String, OpenTxn> open = coordinator.openByStagedKey();
        long[] attached = {0};
        scan(TxnNames.STAGE_TOPIC, from, message -> {
            String key = StagedRecords.stagedKey(message);
            OpenTxn txn = key == null ? null : open.get(key);
            if (txn != null && message.queueOffset() >= txn.stageLow) {
                coordinator.replayStaged(txn, message.logPosition());
                attached[0]++;
            }
        });
        LOG.info(
                "transaction coordinator replayed {} log records; {} open transactions with {} staged messages"
                        + " (stage scanned from offset {})",
                records,
                open.size(),
                attached[0],
                from);
    }

    private long scan(String topic, long from, Consumer<WireMessage> each) throws IOException {
        long next = from;
        long count = 0;
        long end = store.maxOffset(topic, TxnNames.QUEUE_ID);
        while (next < end) {
            GetResult result = store.getMessages(topic, TxnNames.QUEUE_ID, next, READ_BATCH, READ_BYTES, null);
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
                break; // nothing readable further on
            }
            next = result.nextBeginOffset();
        }
        return count;
    }
}
