package io.sluice.mq.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.ManualClock;
import io.sluice.mq.common.MessageProperties;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.store.io.SimStorage;
import io.sluice.mq.store.log.RecordScanner;
import io.sluice.mq.store.log.SegmentSet;
import io.sluice.mq.store.log.StoredRecord;
import io.sluice.mq.store.offset.ConsumerOffsetStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Deterministic crash simulation of the store on {@link SimStorage}: a seeded generator mixes
 * appends (single and batch), writer, flusher and dispatcher steps, checkpoints, offset commits,
 * retention passes and crashes that drop pending pages or tear or flip the last one kept. After
 * every restart it checks that:
 *
 * <ol type="a">
 *   <li>every record known durable (below the highest flushed position observed) survives;
 *   <li>the surviving log is a byte-for-byte prefix of what was written, with no gap or garbage;
 *   <li>every queue, read through the store, equals a re-scan of the commit log;
 *   <li>committed offsets equal the last persisted value clamped into the queue's range, so they
 *       never go backwards or past the queue's end;
 *   <li>recovering a second time gives the same state;
 *   <li>a batch (one {@code appendBatch} unit, possibly spanning queues) survives whole or not at
 *       all, and after every dispatcher step each queue's visible end sits at a unit boundary.
 * </ol>
 *
 * <p>Runs 40 fixed seeds plus fresh ones ({@code -Dmq.sim.seeds=N}, default 20); a failure names its
 * seed and the last operations. Replay one seed with {@code -Dmq.test.seed=S}.
 */
class StoreRecoverySimulationTest {

    private static final Path ROOT = Path.of("/sim/store");
    private static final int OPERATIONS = 700;
    private static final String[] TOPICS = {"orders", "%RETRY%group-a"};

    @TestFactory
    Stream<DynamicTest> crashRecoveryKeepsEveryDurableMessage() {
        String replay = System.getProperty("mq.test.seed");
        LongStream seeds;
        if (replay != null) {
            seeds = LongStream.of(Long.parseLong(replay));
        } else {
            int fresh = Integer.getInteger("mq.sim.seeds", 20);
            SplittableRandom entropy = new SplittableRandom();
            seeds = LongStream.concat(
                    LongStream.rangeClosed(1, 40),
                    LongStream.generate(entropy::nextLong).limit(fresh));
        }
        return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed=" + seed, () -> new Run(seed).execute()));
    }

    /** One seeded run with its model of what must be true. */
    private static final class Run {
        private final long seed;
        private final Random random;
        private final ManualClock clock = new ManualClock(1_700_000_000_000L);
        private final SimStorage storage;
        private final StoreConfig config;
        private final ArrayDeque<String> trace = new ArrayDeque<>();
        private final Map<ConsumerOffsetStore.Key, Long> persistedOffsets = new HashMap<>();
        /** Unique key of every record appended in a batch, to the keys of its whole batch. */
        private final Map<String, List<String>> batchOf = new HashMap<>();

        private FileMessageStore store;
        private long durableUpTo;
        private int sequence;

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            this.storage = new SimStorage(clock, 1L << 34);
            FlushMode mode = random.nextBoolean() ? FlushMode.SYNC_FLUSH : FlushMode.ASYNC_FLUSH;
            this.config = StoreTestSupport.smallConfig(ROOT)
                    .flushMode(mode)
                    .fileReservedTime(Duration.ofHours(1))
                    .deleteInterval(Duration.ZERO)
                    .indexMaxEntries(50)
                    .consumeQueueFileEntries(16)
                    .build();
        }

        void execute() throws Exception {
            System.out.println("StoreRecoverySimulationTest seed=" + seed + " mode=" + config.flushMode());
            try {
                store = FileMessageStore.open(config, storage, clock);
                for (int i = 0; i < OPERATIONS; i++) {
                    step();
                    assertThat(store.failure()).as("store failure").isNull();
                }
                crashAndVerify();
            } catch (AssertionError | Exception e) {
                throw new AssertionError(
                        "seed=" + seed + " (replay with -Dmq.test.seed=" + seed + ") mode=" + config.flushMode()
                                + ", last operations: " + trace,
                        e);
            }
        }

        private void note(String operation) {
            trace.addLast(operation);
            if (trace.size() > 40) {
                trace.removeFirst();
            }
        }

        private void step() throws IOException {
            int dice = random.nextInt(100);
            if (dice < 28) {
                note("append");
                store.append(draft(random.nextInt(TOPICS.length), random.nextInt(3)));
            } else if (dice < 34) {
                appendBatch();
            } else if (dice < 54) {
                note("write");
                store.stepWriter();
            } else if (dice < 66) {
                note("flush");
                durableUpTo = Math.max(durableUpTo, store.stepFlusher());
            } else if (dice < 78) {
                note("dispatch");
                store.stepDispatcher();
                checkVisibleEndsAtUnitBoundaries();
            } else if (dice < 82) {
                note("checkpoint");
                store.checkpoint();
                durableUpTo = Math.max(durableUpTo, store.flushedPosition());
                persistedOffsets.clear();
                persistedOffsets.putAll(store.consumerOffsets().snapshot());
            } else if (dice < 90) {
                commitRandomOffset();
            } else if (dice < 94) {
                note("clock+clean");
                clock.advanceMs(Duration.ofMinutes(20).toMillis());
                store.stepCleaner();
            } else if (dice < 97) {
                crashAndVerify();
            }
        }

        /** A batch in one queue, or (one time in three) spread over several queues and topics. */
        private void appendBatch() {
            boolean spread = random.nextInt(3) == 0;
            int topic = random.nextInt(TOPICS.length);
            int queue = random.nextInt(3);
            int count = 2 + random.nextInt(spread ? 12 : 5);
            note((spread ? "spread-batch" : "batch") + count);
            List<MessageDraft> batch = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                MessageDraft draft =
                        spread ? draft(random.nextInt(TOPICS.length), random.nextInt(3)) : draft(topic, queue);
                batch.add(draft);
                keys.add(uniqueKey(draft.properties()));
            }
            for (String key : keys) {
                batchOf.put(key, keys);
            }
            store.appendBatch(batch);
        }

        private static String uniqueKey(String properties) {
            return MessageProperties.find(properties, MessageProperties.UNIQUE_KEY);
        }

        /** No queue may end inside a batch: either the batch's records in it are all visible or none. */
        private void checkVisibleEndsAtUnitBoundaries() throws IOException {
            Map<String, TopicQueue> lastOf = new HashMap<>();
            for (TopicQueue queue : store.queues()) {
                long min = store.minOffset(queue.topic(), queue.queueId());
                long max = store.maxOffset(queue.topic(), queue.queueId());
                if (max <= min) {
                    continue;
                }
                GetResult last = store.getMessages(queue.topic(), queue.queueId(), max - 1, 1, 1 << 24, null);
                if (last.messages().isEmpty()) {
                    continue; // removed by retention: its segment is gone
                }
                String key = uniqueKey(new StoredRecord(last.messages().get(0)).properties());
                lastOf.put(key, queue);
            }
            for (Map.Entry<String, TopicQueue> entry : lastOf.entrySet()) {
                List<String> unit = batchOf.get(entry.getKey());
                if (unit == null) {
                    continue;
                }
                String lastOfUnit = unit.get(unit.size() - 1);
                assertThat(store.dispatchedPosition())
                        .as(
                                "queue %s ends at %s, inside a batch whose last record is %s",
                                entry.getValue(), entry.getKey(), lastOfUnit)
                        .isGreaterThanOrEqualTo(positionOf(lastOfUnit));
            }
        }

        private long positionOf(String key) throws IOException {
            for (ByteBuffer record : scanLog()) {
                StoredRecord view = new StoredRecord(record);
                if (key.equals(uniqueKey(view.properties()))) {
                    return view.logPosition() + view.size();
                }
            }
            return Long.MAX_VALUE;
        }

        private void checkUnitsWhole(List<ByteBuffer> survived) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (ByteBuffer record : survived) {
                keys.add(uniqueKey(new StoredRecord(record).properties()));
            }
            for (String key : keys) {
                List<String> unit = batchOf.get(key);
                if (unit != null) {
                    assertThat(keys).as("batch of %s survives whole", key).containsAll(unit);
                }
            }
        }

        private MessageDraft draft(int topic, int queue) {
            int n = sequence++;
            byte[] body = new byte[random.nextInt(1800)];
            random.nextBytes(body);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put(MessageProperties.UNIQUE_KEY, "U" + seed + "-" + n);
            properties.put(MessageProperties.KEYS, "k" + (n % 11));
            properties.put(MessageProperties.TAGS, random.nextBoolean() ? "red" : "blue");
            return MessageDraft.of(
                    TOPICS[topic],
                    queue,
                    body,
                    MessageProperties.encode(properties),
                    clock.nowMs(),
                    StoreTestSupport.BORN);
        }

        private void commitRandomOffset() {
            List<TopicQueue> queues = store.queues();
            if (queues.isEmpty()) {
                return;
            }
            TopicQueue queue = queues.get(random.nextInt(queues.size()));
            long min = store.minOffset(queue.topic(), queue.queueId());
            long max = store.maxOffset(queue.topic(), queue.queueId());
            long offset = min + (max > min ? random.nextInt((int) (max - min + 1)) : 0);
            note("commit " + queue + "@" + offset);
            store.consumerOffsets().commit("g" + random.nextInt(2), queue.topic(), queue.queueId(), offset);
        }

        private List<ByteBuffer> scanLog() throws IOException {
            try (SegmentSet segments = SegmentSet.open(storage, ROOT.resolve("commitlog"), config.segmentSizeBytes())) {
                return RecordScanner.readAll(segments, config.maxRecordSizeBytes() + 1024);
            }
        }

        private void crashAndVerify() throws IOException {
            note("crash");
            List<ByteBuffer> written = scanLog();
            long minBefore = store.minLogPosition();
            store.abandon();
            storage.crash(random, random.nextDouble());
            store = FileMessageStore.open(config, storage, clock);
            List<ByteBuffer> survived = scanLog();
            assertThat(store.minLogPosition()).isEqualTo(minBefore);
            checkPrefix(written, survived);
            checkUnitsWhole(survived);
            checkDurableSurvived(written, survived);
            checkQueuesMatchLog(survived);
            checkOffsets();
            Fingerprint first = fingerprint(survived);
            store.abandon();
            store = FileMessageStore.open(config, storage, clock);
            assertThat(fingerprint(scanLog()))
                    .as("recovering twice gives the same state")
                    .isEqualTo(first);
            durableUpTo = Math.min(durableUpTo, store.writtenPosition());
        }

        private void checkPrefix(List<ByteBuffer> written, List<ByteBuffer> survived) {
            assertThat(survived.size())
                    .as("survivors are no more than what was written")
                    .isLessThanOrEqualTo(written.size());
            for (int i = 0; i < survived.size(); i++) {
                assertThat(survived.get(i))
                        .as("record %s survives byte for byte", i)
                        .isEqualTo(written.get(i));
            }
            long end = survived.isEmpty() ? store.minLogPosition() : endOf(survived.get(survived.size() - 1));
            assertThat(store.writtenPosition()).as("recovered log end").isGreaterThanOrEqualTo(end);
        }

        private void checkDurableSurvived(List<ByteBuffer> written, List<ByteBuffer> survived) {
            long mustSurvive = written.stream()
                    .filter(record -> endOf(record) <= durableUpTo)
                    .count();
            assertThat(survived.size())
                    .as("every record below the flushed position %s survives", durableUpTo)
                    .isGreaterThanOrEqualTo((int) mustSurvive);
        }

        private static long endOf(ByteBuffer record) {
            StoredRecord view = new StoredRecord(record);
            return view.logPosition() + view.size();
        }

        private void checkQueuesMatchLog(List<ByteBuffer> survived) throws IOException {
            Map<TopicQueue, List<ByteBuffer>> byQueue = new LinkedHashMap<>();
            for (ByteBuffer record : survived) {
                StoredRecord view = new StoredRecord(record);
                byQueue.computeIfAbsent(new TopicQueue(view.topic(), view.queueId()), q -> new ArrayList<>())
                        .add(record);
            }
            for (Map.Entry<TopicQueue, List<ByteBuffer>> entry : byQueue.entrySet()) {
                TopicQueue queue = entry.getKey();
                List<ByteBuffer> expected = entry.getValue();
                long firstOffset = new StoredRecord(expected.get(0)).queueOffset();
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(new StoredRecord(expected.get(i)).queueOffset())
                            .as("dense offsets in %s", queue)
                            .isEqualTo(firstOffset + i);
                }
                assertThat(store.maxOffset(queue.topic(), queue.queueId()))
                        .as("end of %s", queue)
                        .isEqualTo(firstOffset + expected.size());
                assertThat(store.minOffset(queue.topic(), queue.queueId())).isLessThanOrEqualTo(firstOffset);
                List<ByteBuffer> read = new ArrayList<>();
                long offset = firstOffset;
                while (offset < firstOffset + expected.size()) {
                    GetResult result = store.getMessages(queue.topic(), queue.queueId(), offset, 50, 1 << 24, null);
                    assertThat(result.status()).as("read %s@%s", queue, offset).isEqualTo(GetStatus.FOUND);
                    read.addAll(result.messages());
                    offset = result.nextBeginOffset();
                }
                assertThat(read)
                        .as("queue %s equals a re-scan of the log", queue)
                        .isEqualTo(expected);
            }
        }

        private void checkOffsets() {
            Map<ConsumerOffsetStore.Key, Long> recovered =
                    store.consumerOffsets().snapshot();
            assertThat(new java.util.HashSet<>(recovered.keySet()))
                    .isEqualTo(new java.util.HashSet<>(persistedOffsets.keySet()));
            for (Map.Entry<ConsumerOffsetStore.Key, Long> entry : persistedOffsets.entrySet()) {
                ConsumerOffsetStore.Key key = entry.getKey();
                long max = store.maxOffset(key.topic(), key.queueId());
                long min = store.minOffset(key.topic(), key.queueId());
                long expected = Math.max(min, Math.min(max, entry.getValue()));
                assertThat(recovered.get(key)).as("offset of %s", key).isEqualTo(expected);
                if (config.flushMode() == FlushMode.SYNC_FLUSH) {
                    assertThat(recovered.get(key))
                            .as("SYNC_FLUSH offsets never move back")
                            .isGreaterThanOrEqualTo(Math.max(min, entry.getValue()));
                }
            }
            persistedOffsets.clear();
            persistedOffsets.putAll(recovered);
        }

        private Fingerprint fingerprint(List<ByteBuffer> records) {
            Map<TopicQueue, long[]> ranges = new LinkedHashMap<>();
            for (TopicQueue queue : store.queues()) {
                ranges.put(queue, new long[] {
                    store.minOffset(queue.topic(), queue.queueId()), store.maxOffset(queue.topic(), queue.queueId())
                });
            }
            Map<TopicQueue, List<Long>> flat = new LinkedHashMap<>();
            ranges.forEach((queue, range) -> flat.put(queue, List.of(range[0], range[1])));
            return new Fingerprint(records, flat, store.consumerOffsets().snapshot(), store.writtenPosition());
        }
    }

    private record Fingerprint(
            List<ByteBuffer> records,
            Map<TopicQueue, List<Long>> queueRanges,
            Map<ConsumerOffsetStore.Key, Long> offsets,
            long logEnd) {}
}
