package io.sluice.mq.store;

import static io.sluice.mq.store.StoreTestSupport.bodyOf;
import static io.sluice.mq.store.StoreTestSupport.message;
import static io.sluice.mq.store.StoreTestSupport.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.common.DiskFullException;
import io.sluice.mq.common.ManualClock;
import io.sluice.mq.common.MqException;
import io.sluice.mq.common.RecordTooLargeException;
import io.sluice.mq.common.StoreFailedException;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.store.io.FaultyStorage;
import io.sluice.mq.store.io.FileStorage;
import io.sluice.mq.store.io.SimStorage;
import io.sluice.mq.store.log.StoredRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMessageStoreTest {

    private static final Path ROOT = Path.of("/sim/store");

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private FileMessageStore openSim(SimStorage storage, StoreConfig config) throws IOException {
        return FileMessageStore.open(config, storage, clock);
    }

    private static void settle(FileMessageStore store) {
        while (store.stepWriter() > 0) {
            store.stepFlusher();
        }
        store.stepFlusher();
        while (store.stepDispatcher() > 0) {
            // until caught up
        }
    }

    @Test
    void appendedMessagesReadBackInQueueOrderWithDenseOffsets() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        try (FileMessageStore store = openSim(storage, smallConfig(ROOT).build())) {
            List<CompletableFuture<AppendResult>> acks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                acks.add(store.append(message("orders", i % 2, "m" + i, "k" + i)));
            }
            settle(store);
            for (int i = 0; i < 20; i++) {
                AppendResult result = acks.get(i).get(1, TimeUnit.SECONDS);
                assertThat(result.queueOffset()).isEqualTo(i / 2);
            }
            GetResult queue1 = store.getMessages("orders", 1, 0, 100, 1 << 20, null);
            assertThat(queue1.status()).isEqualTo(GetStatus.FOUND);
            assertThat(queue1.messages())
                    .extracting(StoreTestSupport::bodyOf)
                    .containsExactly("m1", "m3", "m5", "m7", "m9", "m11", "m13", "m15", "m17", "m19");
            assertThat(queue1.nextBeginOffset()).isEqualTo(10);
            assertThat(store.getMessages("orders", 1, 10, 100, 1 << 20, null).status())
                    .isEqualTo(GetStatus.OFFSET_OVERFLOW_ONE);
            assertThat(store.getMessages("missing", 0, 0, 100, 1 << 20, null).status())
                    .isEqualTo(GetStatus.NO_MESSAGE_IN_QUEUE);
        }
    }

    @Test
    void batchIsWrittenContiguouslyWithConsecutiveOffsets() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        try (FileMessageStore store = openSim(storage, smallConfig(ROOT).build())) {
            store.append(message("t", 0, "first", "a"));
            CompletableFuture<AppendResult> batch = store.appendBatch(
                    List.of(message("t", 0, "b0", "b"), message("t", 0, "b1", "b"), message("t", 0, "b2", "b")));
            settle(store);
            AppendResult result = batch.get(1, TimeUnit.SECONDS);
            assertThat(result.recordCount()).isEqualTo(3);
            assertThat(result.queueOffset()).isEqualTo(1);
            GetResult read = store.getMessages("t", 0, 1, 10, 1 << 20, null);
            long position = result.logPosition();
            for (ByteBuffer record : read.messages()) {
                assertThat(new StoredRecord(record).logPosition()).isEqualTo(position);
                position += record.remaining();
            }
            assertThat(position - result.logPosition()).isEqualTo(result.wroteBytes());
        }
    }

    @Test
    void unitSpanningSeveralQueuesReportsEachRecordsOwnQueueOffset() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        try (FileMessageStore store = openSim(storage, smallConfig(ROOT).build())) {
            store.append(message("a", 0, "a0", "x"));
            store.append(message("a", 0, "a1", "x"));
            store.append(message("b", 3, "b0", "x"));
            CompletableFuture<AppendResult> unit = store.appendBatch(List.of(
                    message("b", 3, "u0", "u"),
                    message("a", 0, "u1", "u"),
                    message("b", 3, "u2", "u"),
                    message("c", 1, "u3", "u")));
            settle(store);
            AppendResult result = unit.get(1, TimeUnit.SECONDS);
            assertThat(result.queueOffsets()).containsExactly(1L, 2L, 2L, 0L);
            assertThat(result.queueOffset()).isEqualTo(1L);
            assertThat(bodyOf(store.getMessages("a", 0, 2, 1, 1 << 20, null)
                            .messages()
                            .get(0)))
                    .isEqualTo("u1");
            assertThat(bodyOf(store.getMessages("b", 3, 2, 1, 1 << 20, null)
                            .messages()
                            .get(0)))
                    .isEqualTo("u2");
        }
    }

    @Test
    void batchLargerThanOneDispatchStepBecomesVisibleAllAtOnce() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 32);
        StoreConfig config = smallConfig(ROOT)
                .segmentSizeBytes(8 << 20)
                .writeBufferBytes(4 << 20)
                .consumeQueueFileEntries(4096)
                .build();
        try (FileMessageStore store = openSim(storage, config)) {
            int count = 10_000;
            List<MessageDraft> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                batch.add(message(i % 2 == 0 ? "even" : "odd", 0, "b" + i, "k"));
            }
            CompletableFuture<AppendResult> ack = store.appendBatch(batch);
            while (store.stepWriter() > 0) {
                store.stepFlusher();
            }
            store.stepFlusher();
            ack.get(1, TimeUnit.SECONDS);
            List<String> seen = new ArrayList<>();
            while (store.stepDispatcher() > 0) {
                seen.add(store.maxOffset("even", 0) + "/" + store.maxOffset("odd", 0));
            }
            assertThat(seen)
                    .as("after every dispatch step a consumer sees none or all of the batch, in both queues")
                    .allMatch(state -> state.equals("0/0") || state.equals("5000/5000"));
            assertThat(store.maxOffset("even", 0)).isEqualTo(5000);
        }
    }

    @Test
    void tagFilterSkipsNonMatchingEntriesWithoutReadingThem() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        try (FileMessageStore store = openSim(storage, smallConfig(ROOT).build())) {
            store.append(MessageDraft.of("t", 0, new byte[] {1}, "TAGS\u0001red", 1L, StoreTestSupport.BORN));
            store.append(MessageDraft.of("t", 0, new byte[] {2}, "TAGS\u0001blue", 1L, StoreTestSupport.BORN));
            settle(store);
            GetResult blue = store.getMessages("t", 0, 0, 10, 1 << 20, hash -> hash == "blue".hashCode());
            assertThat(blue.messages()).hasSize(1);
            assertThat(new StoredRecord(blue.messages().get(0)).queueOffset()).isEqualTo(1);
            GetResult none = store.getMessages("t", 0, 0, 10, 1 << 20, hash -> hash == "green".hashCode());
            assertThat(none.status()).isEqualTo(GetStatus.NO_MATCHED_MESSAGE);
            assertThat(none.nextBeginOffset()).isEqualTo(2);
        }
    }

    @Test
    void propertiesFilterScansABoundedWindowAcrossQueueFilesAndSkippedEntriesAdvanceTheOffset() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        try (FileMessageStore store = openSim(storage, smallConfig(ROOT).build())) {
            int count = StoreReader.FILTERED_SCAN_ENTRIES + 500; // queue files hold 64 entries each
            for (int i = 0; i < count; i++) {
                store.append(MessageDraft.of("t", 0, new byte[] {1}, "n\u0001" + i, 1L, StoreTestSupport.BORN));
                if (i % 500 == 499) {
                    settle(store); // the append queue holds 1024
                }
            }
            settle(store);
            java.util.function.Predicate<String> wanted = properties -> {
                String n = io.sluice.mq.common.MessageProperties.find(properties, "n");
                return "10".equals(n)
                        || "11".equals(n)
                        || Integer.toString(count - 100).equals(n);
            };
            GetResult first = store.getMessages("t", 0, 0, 32, 1 << 20, null, wanted);
            assertThat(first.messages()).hasSize(2);
            assertThat(first.nextBeginOffset())
                    .as("one read scans a bounded window, not the whole queue")
                    .isEqualTo(StoreReader.FILTERED_SCAN_ENTRIES);
            GetResult second = store.getMessages("t", 0, first.nextBeginOffset(), 32, 1 << 20, null, wanted);
            assertThat(second.messages()).hasSize(1);
            assertThat(new StoredRecord(second.messages().get(0)).queueOffset()).isEqualTo(count - 100);
            assertThat(second.nextBeginOffset()).isEqualTo(count);
            GetResult onlyOne = store.getMessages("t", 0, 0, 1, 1 << 20, null, wanted);
            assertThat(onlyOne.nextBeginOffset())
                    .as("stops right after the last match when the batch is full")
                    .isEqualTo(11);
            GetResult none = store.getMessages("t", 0, count - 50, 32, 1 << 20, hash -> true, p -> false);
            assertThat(none.status()).isEqualTo(GetStatus.NO_MATCHED_MESSAGE);
            assertThat(none.nextBeginOffset()).isEqualTo(count);
            GetResult plain = store.getMessages("t", 0, 60, 10, 1 << 20, null, null);
            assertThat(plain.messages())
                    .as("an unfiltered read crosses a queue file too")
                    .hasSize(10);
            assertThat(plain.nextBeginOffset()).isEqualTo(70);
        }
    }

    @Test
    void queryByKeyAndUniqueKeyFindsOnlyMatchingRecords() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        StoreConfig config = smallConfig(ROOT).build();
        try (FileMessageStore store = openSim(storage, config)) {
            for (int i = 0; i < 300; i++) { // more than one index file (indexMaxEntries=200)
                store.append(MessageDraft.of(
                        "t",
                        0,
                        ("v" + i).getBytes(),
                        "KEYS\u0001order-" + (i % 7) + " all" + "\u0002UNIQ_KEY\u0001U" + i,
                        1L,
                        StoreTestSupport.BORN));
                if (i % 50 == 0) {
                    settle(store);
                }
            }
            settle(store);
            List<ByteBuffer> order3 = store.queryByKey("t", "order-3", 1000, 0, Long.MAX_VALUE);
            assertThat(order3).extracting(StoreTestSupport::bodyOf).hasSize(43).allMatch(body -> {
                int i = Integer.parseInt(body.substring(1));
                return i % 7 == 3;
            });
            assertThat(store.queryByKey("t", "U123", 10, 0, Long.MAX_VALUE))
                    .extracting(StoreTestSupport::bodyOf)
                    .containsExactly("v123");
            assertThat(store.queryByKey("other", "U123", 10, 0, Long.MAX_VALUE)).isEmpty();
            assertThat(store.queryByKey("t", "all", 5, 0, Long.MAX_VALUE)).hasSize(5);
        }
    }

    @Test
    void offsetForTimestampFindsFirstMessageStoredAtOrAfter() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        try (FileMessageStore store = openSim(storage, smallConfig(ROOT).build())) {
            long start = clock.nowMs();
            for (int i = 0; i < 10; i++) {
                store.append(message("t", 0, "m" + i, "k"));
                settle(store);
                clock.advanceMs(1000);
            }
            assertThat(store.offsetForTimestamp("t", 0, start - 1)).isZero();
            assertThat(store.offsetForTimestamp("t", 0, start + 3500)).isEqualTo(4);
            assertThat(store.offsetForTimestamp("t", 0, start + 60_000)).isEqualTo(10);
        }
    }

    @Test
    void oversizedMessageIsRejectedWithItsSizeAndLimit() {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        assertThatThrownBy(() -> {
                    try (FileMessageStore store =
                            openSim(storage, smallConfig(ROOT).build())) {
                        store.append(MessageDraft.of("t", 0, new byte[4097], "", 1L, StoreTestSupport.BORN))
                                .get(1, TimeUnit.SECONDS);
                    }
                })
                .hasCauseInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("4097 bytes")
                .hasMessageContaining("4096 bytes");
    }

    @Test
    void cleanRestartKeepsMessagesOffsetsAndConsumerOffsets() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        StoreConfig config = smallConfig(ROOT).build();
        try (FileMessageStore store = openSim(storage, config)) {
            for (int i = 0; i < 500; i++) {
                store.append(message("t", i % 3, "m" + i, "k" + i));
                if (i % 100 == 0) {
                    settle(store);
                }
            }
            settle(store);
            store.consumerOffsets().commit("g", "t", 1, 42);
        }
        try (FileMessageStore store = openSim(storage, config)) {
            assertThat(store.maxOffset("t", 0)).isEqualTo(167);
            assertThat(store.maxOffset("t", 1)).isEqualTo(167);
            assertThat(store.maxOffset("t", 2)).isEqualTo(166);
            assertThat(store.consumerOffsets().query("g", "t", 1)).hasValue(42);
            assertThat(bodyOf(store.getMessages("t", 2, 165, 1, 1 << 20, null)
                            .messages()
                            .get(0)))
                    .isEqualTo("m497");
            CompletableFuture<AppendResult> next = store.append(message("t", 2, "after", "k"));
            settle(store);
            assertThat(next.get(1, TimeUnit.SECONDS).queueOffset()).isEqualTo(166);
        }
    }

    @Test
    void syncFlushAcknowledgesOnlyAfterForce() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        StoreConfig config = smallConfig(ROOT).flushMode(FlushMode.SYNC_FLUSH).build();
        try (FileMessageStore store = openSim(storage, config)) {
            CompletableFuture<AppendResult> ack = store.append(message("t", 0, "x", "k"));
            store.stepWriter();
            assertThat(ack).isNotDone();
            store.stepDispatcher();
            assertThat(store.maxOffset("t", 0))
                    .as("not visible before it is durable")
                    .isZero();
            store.stepFlusher();
            assertThat(ack).isCompleted();
            store.stepDispatcher();
            assertThat(store.maxOffset("t", 0)).isEqualTo(1);
        }
    }

    @Test
    void failedWriteStopsTheStoreAndKeepsAcknowledgedData() throws Exception {
        SimStorage sim = new SimStorage(clock, 1L << 30);
        FaultyStorage storage = new FaultyStorage(sim);
        StoreConfig config = smallConfig(ROOT).flushMode(FlushMode.SYNC_FLUSH).build();
        FileMessageStore store = FileMessageStore.open(config, storage, clock);
        CompletableFuture<AppendResult> acked = store.append(message("t", 0, "kept", "k"));
        settle(store);
        assertThat(acked.get(1, TimeUnit.SECONDS).queueOffset()).isZero();
        storage.failNth(FaultyStorage.Operation.WRITE, "commitlog", 1, new IOException("No space left on device"));
        CompletableFuture<AppendResult> failed = store.append(message("t", 0, "lost", "k"));
        settle(store);
        assertThatThrownBy(() -> failed.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreFailedException.class)
                .hasMessageContaining("No space left on device");
        assertThat(store.append(message("t", 0, "refused", "k")))
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(StoreFailedException.class);
        store.close();
        try (FileMessageStore reopened = FileMessageStore.open(config, sim, clock)) {
            GetResult read = reopened.getMessages("t", 0, 0, 10, 1 << 20, null);
            assertThat(read.messages()).extracting(StoreTestSupport::bodyOf).containsExactly("kept");
        }
    }

    @Test
    void failedFsyncFailsWaitingAppendsAndNeverAcknowledgesThem() throws Exception {
        SimStorage sim = new SimStorage(clock, 1L << 30);
        FaultyStorage storage = new FaultyStorage(sim);
        StoreConfig config = smallConfig(ROOT).flushMode(FlushMode.SYNC_FLUSH).build();
        FileMessageStore store = FileMessageStore.open(config, storage, clock);
        storage.failNth(FaultyStorage.Operation.FORCE, "commitlog", 1, new IOException("EIO"));
        CompletableFuture<AppendResult> pending = store.append(message("t", 0, "x", "k"));
        settle(store);
        assertThatThrownBy(() -> pending.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreFailedException.class);
        assertThat(store.failure()).isInstanceOf(StoreFailedException.class);
        store.close();
    }

    @Test
    void fullDiskRefusesAppendsWithClearErrorAndKeepsAcknowledgedData() throws Exception {
        SimStorage storage = new SimStorage(clock, 400_000);
        StoreConfig config = smallConfig(ROOT)
                .diskSpaceWarningLevelRatio(0.5)
                .diskMaxUsedSpaceRatio(0.99)
                .build();
        try (FileMessageStore store = openSim(storage, config)) {
            List<CompletableFuture<AppendResult>> acked = new ArrayList<>();
            while (!store.refusingWrites()) {
                acked.add(store.append(message("t", 0, "x".repeat(1000), "k")));
                settle(store);
                store.stepCleaner();
            }
            assertThat(store.append(message("t", 0, "refused", "k")))
                    .failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(DiskFullException.class)
                    .withMessageContaining("write refused");
            assertThat(StoreTestSupport.readQueue(store, "t", 0)).hasSize(acked.size());
        }
    }

    @Test
    void retentionDeletesExpiredSegmentsOneAtATimeWithPacing() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        StoreConfig config =
                smallConfig(ROOT).fileReservedTime(Duration.ofHours(1)).build();
        try (FileMessageStore store = openSim(storage, config)) {
            for (int i = 0; i < 1000; i++) { // ~1 MB: several 160 KiB segments
                store.append(message("t", 0, "m".repeat(1000) + i, "k"));
                if (i % 50 == 0) {
                    settle(store);
                }
            }
            settle(store);
            store.checkpoint();
            assertThat(store.stepCleaner()).as("nothing expired yet").isFalse();
            clock.advanceMs(Duration.ofHours(2).toMillis());
            assertThat(store.stepCleaner()).isTrue();
            assertThat(store.stepCleaner())
                    .as("paced: deleteInterval not yet passed")
                    .isFalse();
            clock.advanceMs(100);
            assertThat(store.stepCleaner()).isTrue();
            long min = store.minOffset("t", 0);
            assertThat(min).isPositive();
            assertThat(store.getMessages("t", 0, 0, 1, 1 << 20, null).status()).isEqualTo(GetStatus.OFFSET_TOO_SMALL);
            assertThat(bodyOf(store.getMessages("t", 0, min, 1, 1 << 20, null)
                            .messages()
                            .get(0)))
                    .isEqualTo("m".repeat(1000) + min);
            assertThat(store.retentionCounters()).containsExactly(2, 0);
        }
    }

    @Test
    void retentionKeepsTheSegmentHoldingTheRetentionFloorUntilTheFloorMoves() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        StoreConfig config =
                smallConfig(ROOT).fileReservedTime(Duration.ofHours(1)).build();
        try (FileMessageStore store = openSim(storage, config)) {
            long[] floor = {Long.MAX_VALUE};
            store.retentionFloor(() -> floor[0]);
            CompletableFuture<AppendResult> pinned = store.append(message("t", 0, "pinned", "k"));
            for (int i = 0; i < 1000; i++) { // ~1 MB: several 160 KiB segments
                store.append(message("t", 0, "m".repeat(1000) + i, "k"));
                if (i % 50 == 0) {
                    settle(store);
                }
            }
            settle(store);
            store.checkpoint();
            floor[0] = pinned.join().logPosition(); // e.g. a staged record of an open transaction
            clock.advanceMs(Duration.ofHours(2).toMillis());
            assertThat(store.stepCleaner())
                    .as("the floor lies in the oldest segment")
                    .isFalse();
            assertThat(store.readRecord(floor[0])).isNotNull();
            floor[0] = Long.MAX_VALUE; // the transaction ended
            assertThat(store.stepCleaner()).isTrue();
            assertThat(store.minLogPosition()).isGreaterThan(pinned.join().logPosition());
        }
    }

    @Test
    void flippedBitInsideSealedSegmentStopsStartupNamingFileAndPosition() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        StoreConfig config = smallConfig(ROOT).build();
        FileMessageStore store = openSim(storage, config);
        for (int i = 0; i < 400; i++) {
            store.append(message("t", 0, "m".repeat(1000), "k"));
            settle(store);
        }
        store.abandon(); // unclean: the next open validates from the (missing) checkpoint
        Path first = ROOT.resolve("commitlog").resolve("00000000000000000000");
        storage.corrupt(first, 5000, new byte[] {(byte) 0x5A});
        assertThatThrownBy(() -> openSim(storage, config))
                .isInstanceOf(MqException.class)
                .hasMessageContaining("sealed commit-log segment")
                .hasMessageContaining(first.toString());
    }

    @Test
    void corruptionBelowTheCheckpointInTheNewestSegmentStopsStartup() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        StoreConfig config = smallConfig(ROOT).build();
        FileMessageStore store = openSim(storage, config);
        for (int i = 0; i < 20; i++) {
            store.append(message("t", 0, "m" + i, "k"));
        }
        settle(store);
        store.checkpoint();
        store.append(message("t", 0, "after-checkpoint", "k"));
        settle(store);
        store.abandon();
        Path segment = ROOT.resolve("commitlog").resolve("00000000000000000000");
        storage.corrupt(segment, 300, new byte[] {0x11, 0x22});
        assertThatThrownBy(() -> openSim(storage, config))
                .isInstanceOf(MqException.class)
                .hasMessageContaining("below the position")
                .hasMessageContaining(segment.toString());
    }

    @Test
    void garbageAtTailIsTruncatedAndEarlierRecordsSurvive() throws Exception {
        SimStorage storage = new SimStorage(clock, 1L << 30);
        StoreConfig config = smallConfig(ROOT).flushMode(FlushMode.SYNC_FLUSH).build();
        FileMessageStore store = openSim(storage, config);
        for (int i = 0; i < 10; i++) {
            store.append(message("t", 0, "m" + i, "k"));
        }
        settle(store);
        long end = store.writtenPosition();
        store.abandon();
        Path segment = ROOT.resolve("commitlog").resolve("00000000000000000000");
        storage.corrupt(segment, end, new byte[0]);
        try (var file = storage.open(segment)) {
            file.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), end);
            file.force();
        }
        try (FileMessageStore reopened = openSim(storage, config)) {
            assertThat(reopened.writtenPosition()).isEqualTo(end);
            assertThat(reopened.maxOffset("t", 0)).isEqualTo(10);
            CompletableFuture<AppendResult> next = reopened.append(message("t", 0, "m10", "k"));
            settle(reopened);
            assertThat(next.get(1, TimeUnit.SECONDS).logPosition()).isEqualTo(end);
        }
    }

    @Test
    void realFilesWithThreadsInSyncFlushMode(@TempDir Path dir) throws Exception {
        StoreConfig config = StoreConfig.builder(dir)
                .segmentSizeBytes(1 << 20)
                .maxMessageSizeBytes(64 * 1024)
                .writeBufferBytes(1 << 19)
                .flushMode(FlushMode.SYNC_FLUSH)
                .build();
        try (FileMessageStore store = FileMessageStore.open(config, new FileStorage(), new SystemClock())) {
            store.start(Thread::new);
            List<CompletableFuture<AppendResult>> acks = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                acks.add(store.append(message("real", i % 4, "body-" + i + "-" + "x".repeat(500), "key" + i)));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(store.flushedPosition())
                    .isGreaterThanOrEqualTo(acks.get(1999).join().logPosition());
        }
        assertThat(Files.list(dir.resolve("commitlog")).count()).isGreaterThan(1);
        try (FileMessageStore store = FileMessageStore.open(config, new FileStorage(), new SystemClock())) {
            for (int q = 0; q < 4; q++) {
                assertThat(store.maxOffset("real", q)).isEqualTo(500);
            }
            assertThat(store.queryByKey("real", "key1234", 5, 0, Long.MAX_VALUE))
                    .extracting(StoreTestSupport::bodyOf)
                    .singleElement()
                    .asString()
                    .startsWith("body-1234-");
        }
    }

    @Test
    void mappedViewsReadTheSameRecordsAsPositionalReads(@TempDir Path dir) throws Exception {
        StoreConfig config = StoreConfig.builder(dir)
                .segmentSizeBytes(1 << 20)
                .maxMessageSizeBytes(64 * 1024)
                .writeBufferBytes(1 << 19)
                .build();
        try (FileMessageStore store = FileMessageStore.open(config, new FileStorage(8192), new SystemClock())) {
            store.start(Thread::new);
            List<CompletableFuture<AppendResult>> acks = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                acks.add(store.append(message("mapped", i % 3, "body-" + i + "-" + "y".repeat(i % 700), "key" + i)));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        for (int q = 0; q < 3; q++) {
            List<ByteBuffer> mapped;
            List<ByteBuffer> copied;
            try (FileMessageStore store = FileMessageStore.open(config, new FileStorage(8192), new SystemClock())) {
                mapped = StoreTestSupport.readQueue(store, "mapped", q);
                assertThat(mapped)
                        .anySatisfy(record -> assertThat(record.isDirect()).isTrue());
                assertThat(store.readRecord(acks(mapped).get(7)).isDirect()).isTrue();
            }
            try (FileMessageStore store = FileMessageStore.open(config, new FileStorage(0), new SystemClock())) {
                copied = StoreTestSupport.readQueue(store, "mapped", q);
            }
            assertThat(mapped).hasSize(1000).isEqualTo(copied);
            for (int i = 0; i < mapped.size(); i++) {
                assertThat(bodyOf(mapped.get(i))).startsWith("body-" + (i * 3 + q) + "-");
            }
        }
    }

    /** The log positions of {@code records}. */
    private static List<Long> acks(List<ByteBuffer> records) {
        List<Long> positions = new ArrayList<>();
        for (ByteBuffer record : records) {
            positions.add(new StoredRecord(record).logPosition());
        }
        return positions;
    }
}
