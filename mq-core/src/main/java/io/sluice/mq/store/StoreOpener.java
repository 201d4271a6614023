package io.sluice.mq.store;

import io.sluice.mq.common.Clock;
import io.sluice.mq.common.CorruptRecordException;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.index.ConsumeQueue;
import io.sluice.mq.store.index.DispatchCheckpoint;
import io.sluice.mq.store.index.Dispatcher;
import io.sluice.mq.store.io.Storage;
import io.sluice.mq.store.log.LogRecovery;
import io.sluice.mq.store.log.Segment;
import io.sluice.mq.store.log.SegmentSet;
import io.sluice.mq.store.offset.CheckpointFile;
import io.sluice.mq.store.offset.ConsumerOffsetStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a store directory: finds the end of the valid commit log (trusting it after a clean
 * shutdown, validating from the dispatch checkpoint otherwise), truncates derived files to the
 * checkpoint and re-derives the rest, then loads consumer offsets. Single-threaded, before any
 * store thread starts.
 */
final class StoreOpener {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);

    private StoreOpener() {}

    static FileMessageStore.Recovered open(StoreConfig config, Storage storage, Clock clock) throws IOException {
        StoreLayout layout = new StoreLayout(config.rootDir());
        storage.createDirectories(layout.root());
        storage.createDirectories(layout.dispatchCheckpoint().getParent());
        storage.createDirectories(layout.consumerOffsets().getParent());
        SegmentSet segments = SegmentSet.open(storage, layout.commitLog(), config.segmentSizeBytes());
        boolean clean = storage.exists(layout.cleanShutdownMarker());
        CheckpointFile checkpointFile = new CheckpointFile(storage, layout.dispatchCheckpoint());
        DispatchCheckpoint checkpoint = readCheckpoint(checkpointFile);
        long scanFrom = checkpoint == null ? segments.minPosition() : checkpoint.logPosition();
        long logEnd;
        if (clean && checkpoint != null && checkpoint.logPosition() <= endOfFiles(segments)) {
            // A clean close dispatches everything and then checkpoints, so the checkpoint is the
            // exact log end. The file size is not: a segment sealed just before a crash ends with
            // an end marker, and the bytes after the marker's header are not part of the log.
            logEnd = checkpoint.logPosition();
            LOG.info("Store at {} was shut down cleanly; log ends at {}", layout.root(), logEnd);
        } else {
            logEnd = LogRecovery.recover(segments, scanFrom, config.maxRecordSizeBytes() + 1024);
            LOG.info(
                    "Store at {} recovered after an unclean shutdown: validated {} bytes from {}, log ends at {}",
                    layout.root(),
                    logEnd - scanFrom,
                    scanFrom,
                    logEnd);
        }
        if (checkpoint != null
                && (checkpoint.logPosition() > logEnd || checkpoint.logPosition() < segments.minPosition())) {
            LOG.warn(
                    "Dispatch checkpoint at {} is outside the log [{}, {}]; rebuilding all derived files",
                    checkpoint.logPosition(),
                    segments.minPosition(),
                    logEnd);
            checkpoint = null;
        }
        Dispatcher dispatcher = Dispatcher.open(
                storage,
                new Dispatcher.Files(segments, layout.consumeQueues(), layout.index(), checkpointFile),
                new Dispatcher.Limits(
                        config.consumeQueueFileEntries(),
                        config.indexHashSlots(),
                        config.indexMaxEntries(),
                        config.maxRecordSizeBytes() + 1024),
                checkpoint);
        while (dispatcher.dispatchedPosition() < logEnd) {
            long before = dispatcher.dispatchedPosition();
            dispatcher.dispatchOnce(logEnd, Integer.MAX_VALUE);
            if (dispatcher.dispatchedPosition() == before) {
                throw new CorruptRecordException(
                        layout.commitLog().toString(),
                        dispatcher.dispatchedPosition(),
                        "re-deriving the consume queues stopped before the end of the log at " + logEnd);
            }
        }
        ConsumerOffsetStore offsets = new ConsumerOffsetStore(new CheckpointFile(storage, layout.consumerOffsets()));
        offsets.load(queue -> minOffset(dispatcher, queue), queue -> maxOffset(dispatcher, queue));
        storage.deleteIfExists(layout.cleanShutdownMarker());
        storage.syncDirectory(layout.root());
        long checkpointed = checkpoint == null ? segments.minPosition() : checkpoint.logPosition();
        return new FileMessageStore.Recovered(
                config, storage, clock, segments, dispatcher, offsets, checkpointFile, logEnd, checkpointed);
    }

    private static DispatchCheckpoint readCheckpoint(CheckpointFile file) throws IOException {
        try {
            return DispatchCheckpoint.read(file).orElse(null);
        } catch (CorruptRecordException e) {
            LOG.warn("Ignoring unreadable dispatch checkpoint; rebuilding all derived files: {}", e.getMessage());
            return null;
        }
    }

    private static long endOfFiles(SegmentSet segments) throws IOException {
        Segment active = segments.active();
        return active == null ? 0 : active.basePosition() + active.sizeBytes();
    }

    private static long minOffset(Dispatcher dispatcher, TopicQueue queue) {
        ConsumeQueue consumeQueue = dispatcher.queues().get(queue);
        return consumeQueue == null ? 0 : consumeQueue.minOffset();
    }

    private static long maxOffset(Dispatcher dispatcher, TopicQueue queue) {
        ConsumeQueue consumeQueue = dispatcher.queues().get(queue);
        return consumeQueue == null ? 0 : consumeQueue.nextOffset();
    }
}
