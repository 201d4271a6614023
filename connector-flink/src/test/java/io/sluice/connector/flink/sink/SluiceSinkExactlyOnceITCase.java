package io.sluice.connector.flink.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.transaction.TransactionInfo;
import io.sluice.mq.client.transaction.TransactionListing;
import io.sluice.mq.common.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EXACTLY_ONCE on a Flink MiniCluster against an in-process Sluice broker: every input record is in
 * the output topic exactly once (by its unique id) across injected task failures, in order per
 * queue key, and no record of an uncommitted transaction is ever visible to a consumer.
 */
class SluiceSinkExactlyOnceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    private static final SinkTestCluster SLUICE = new SinkTestCluster();
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    /** Failure points that have fired, shared with the map functions (one JVM). */
    private static final Set<Long> FIRED = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startSluice() throws Exception {
        SLUICE.startUp();
    }

    @AfterAll
    static void stopSluice() {
        SLUICE.tearDown();
    }

    private static StreamExecutionEnvironment environment(int restarts) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static String newPrefix() {
        return "eo" + PREFIXES.incrementAndGet() + "_" + System.nanoTime();
    }

    private static SluiceSinkBuilder<String> exactlyOnce(String topic, String prefix) {
        return SluiceSink.<String>builder()
                .setNameServerAddress(SLUICE.namesrvAddress())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(prefix)
                .setTransactionTopic(topic)
                .setTransactionTimeout(Duration.ofMinutes(2))
                .setRecordSerializer(SluiceRecordSerializer.<String>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build());
    }

    private static List<String> bodies(List<ReceivedMessage> messages) {
        return messages.stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList();
    }

    private static List<TransactionInfo> open(String prefix, String topic) {
        return SLUICE.client().listTransactions(prefix + "-", TransactionListing.OPEN, topic);
    }

    @Test
    void everyRecordIsWrittenExactlyOnceAcrossAnInjectedFailure() throws Exception {
        String topic = SLUICE.newTopic("eo", 4);
        String prefix = newPrefix();
        int count = 3000;
        StreamExecutionEnvironment env = environment(3);
        env.enableCheckpointing(100);
        env.setParallelism(2);
        env.fromSource(
                        new DataGeneratorSource<>(i -> i, count, RateLimiterStrategy.perSecond(1500), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .map(new FailOnceAt(Set.of((long) count / 2)))
                .sinkTo(exactlyOnce(topic, prefix).build());
        FIRED.clear();

        env.execute("exactly-once across a failure");

        assertThat(FIRED).containsExactly((long) count / 2);
        List<String> written = bodies(SLUICE.readAll(topic, count, Duration.ofSeconds(60)));
        assertThat(written).as("records in the output, duplicates included").hasSize(count);
        assertThat(new TreeSet<>(written))
                .isEqualTo(LongStream.range(0, count).mapToObj(Long::toString).collect(Collectors.toSet()));
        assertThat(open(prefix, topic)).as("transactions left open").isEmpty();
    }

    @Test
    void aCheckpointThatFailsAfterTheSinkSealedItsTransactionNeverCommitsIt() throws Exception {
        String topic = SLUICE.newTopic("eo_sealed", 4);
        String prefix = newPrefix();
        int count = 3000;
        StreamExecutionEnvironment env = environment(3);
        env.enableCheckpointing(100);
        env.setParallelism(2);
        // Chained: the sink seals its transaction before the barrier (prepareSnapshotPreBarrier),
        // then the map's snapshot fails, so that checkpoint never completes and the job restarts
        // from the one before; the sealed transaction must be aborted, its records written again.
        env.fromSource(
                        new DataGeneratorSource<>(i -> i, count, RateLimiterStrategy.perSecond(1500), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .map(new FailSnapshotOnceAfter(count / 3))
                .sinkTo(exactlyOnce(topic, prefix).build());
        FIRED.clear();

        env.execute("exactly-once, failed checkpoint after sealing");

        assertThat(FIRED).containsExactly(SNAPSHOT_FAILURE);
        List<String> written = bodies(SLUICE.readAll(topic, count, Duration.ofSeconds(60)));
        assertThat(written).as("records in the output, duplicates included").hasSize(count);
        assertThat(new TreeSet<>(written))
                .isEqualTo(LongStream.range(0, count).mapToObj(Long::toString).collect(Collectors.toSet()));
        assertThat(open(prefix, topic)).as("sealed transactions left behind").isEmpty();
    }

    @Test
    void aCheckpointOverTheTransactionSizeLimitIsSplitIntoSeveralTransactionsAndStaysExactlyOnce() throws Exception {
        String topic = SLUICE.newTopic("eo_split", 4);
        String prefix = newPrefix();
        int count = 2000;
        int maxTransactionBytes = 32 * 1024;
        String padding = "x".repeat(1024);
        StreamExecutionEnvironment env = environment(3);
        env.enableCheckpointing(200);
        env.setParallelism(2);
        env.fromSource(
                        new DataGeneratorSource<>(i -> i, count, RateLimiterStrategy.perSecond(1000), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .map(new FailOnceAt(Set.of((long) count / 2)))
                .map(value -> value + ":" + padding)
                .sinkTo(exactlyOnce(topic, prefix)
                        .setMaxTransactionBytes(maxTransactionBytes)
                        .build());
        FIRED.clear();

        env.execute("exactly-once, several transactions per checkpoint");

        assertThat(FIRED).containsExactly((long) count / 2);
        List<String> ids = bodies(SLUICE.readAll(topic, count, Duration.ofSeconds(60))).stream()
                .map(body -> body.substring(0, body.indexOf(':')))
                .toList();
        assertThat(ids).as("records in the output, duplicates included").hasSize(count);
        assertThat(new TreeSet<>(ids))
                .isEqualTo(LongStream.range(0, count).mapToObj(Long::toString).collect(Collectors.toSet()));
        long committed = SLUICE.client().listTransactions(prefix + "-", TransactionListing.ALL, topic).stream()
                .filter(txn -> txn.state().equals("COMMITTED"))
                .count();
        assertThat(committed)
                .as("committed transactions; each holds at most %s bytes of bodies", maxTransactionBytes)
                .isGreaterThanOrEqualTo((long) count * padding.length() / maxTransactionBytes);
        assertThat(open(prefix, topic)).as("transactions left open").isEmpty();
    }

    @Test
    void recordsOfAnUncommittedTransactionAreNeverVisibleAndARestartAbortsThem() throws Exception {
        String topic = SLUICE.newTopic("eo_invisible", 2);
        String prefix = newPrefix();
        // No checkpointing: the writer stages everything in one transaction that is never sealed.
        StreamExecutionEnvironment env = environment(0);
        env.setParallelism(1);
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> "first-" + i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(500), Types.STRING),
                        WatermarkStrategy.noWatermarks(),
                        "unending")
                .sinkTo(exactlyOnce(topic, prefix).build());
        JobClient job = env.executeAsync("uncommitted");
        try {
            Deadline.within(Duration.ofSeconds(60)).until("200 staged messages", () -> open(prefix, topic).stream()
                    .anyMatch(txn -> txn.stagedCount() >= 200));
            try (Consumer reader = SLUICE.reader(topic)) {
                for (MessageQueue queue : reader.fetchQueues(topic)) {
                    assertThat(reader.maxOffset(queue))
                            .as("messages visible in %s", queue)
                            .isZero();
                }
            }
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
        assertThat(open(prefix, topic)).as("the cancelled job's transaction").hasSize(1);

        // The next run with the same prefix fences the old writer and aborts its transaction.
        int count = 100;
        StreamExecutionEnvironment next = environment(0);
        next.enableCheckpointing(100);
        next.setParallelism(1);
        next.fromSource(
                        new DataGeneratorSource<>(i -> "second-" + i, count, Types.STRING),
                        WatermarkStrategy.noWatermarks(),
                        "bounded")
                .sinkTo(exactlyOnce(topic, prefix).build());
        next.execute("after the cancelled run");

        List<String> written = bodies(SLUICE.readAll(topic, count, Duration.ofSeconds(60)));
        assertThat(new TreeSet<>(written))
                .isEqualTo(
                        LongStream.range(0, count).mapToObj(i -> "second-" + i).collect(Collectors.toSet()));
        assertThat(written).hasSize(count);
        assertThat(open(prefix, topic)).as("transactions left open").isEmpty();
    }

    @Test
    void seededFailuresAtThreeRandomPointsKeepEveryRecordOnceAndInOrderPerKey() throws Exception {
        long seed = 20261125L;
        int keys = 8;
        int count = 4000;
        Set<Long> failAt = new SplittableRandom(seed)
                .longs(3, count / 10, count - count / 10)
                .boxed()
                .collect(Collectors.toSet());
        String topic = SLUICE.newTopic("eo_ordered", 4);
        String prefix = newPrefix();
        StreamExecutionEnvironment env = environment(failAt.size() + 2);
        env.enableCheckpointing(150);
        env.setParallelism(2);
        env.fromSource(
                        new DataGeneratorSource<>(i -> i, count, RateLimiterStrategy.perSecond(2000), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .setParallelism(1)
                .keyBy(i -> i % keys)
                .map(new FailOnceAt(failAt))
                .map(value -> "k" + (Long.parseLong(value) % keys) + ":" + value)
                .keyBy(SluiceSinkExactlyOnceITCase::keyOf)
                .sinkTo(SluiceSink.<String>builder()
                        .setNameServerAddress(SLUICE.namesrvAddress())
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(prefix)
                        .setTransactionTopic(topic)
                        .setRecordSerializer(SluiceRecordSerializer.<String>builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .setQueueKey(SluiceSinkExactlyOnceITCase::keyOf)
                                .build())
                        .build());
        FIRED.clear();

        env.execute("exactly-once, ordered, seeded failures");

        assertThat(FIRED).as("failures injected (seed %s)", seed).isEqualTo(failAt);
        List<ReceivedMessage> read = SLUICE.readAll(topic, count, Duration.ofSeconds(60));
        assertThat(read)
                .as("records in the output, duplicates included (seed %s)", seed)
                .hasSize(count);
        Map<String, List<ReceivedMessage>> byKey = new LinkedHashMap<>();
        for (ReceivedMessage message : read) {
            byKey.computeIfAbsent(keyOf(new String(message.body(), StandardCharsets.UTF_8)), k -> new ArrayList<>())
                    .add(message);
        }
        assertThat(byKey).hasSize(keys);
        byKey.forEach((key, messages) -> {
            assertThat(messages.stream().map(m -> m.queue().queueId()).distinct())
                    .as("queues of %s", key)
                    .hasSize(1);
            List<Long> sequence = bodies(messages).stream()
                    .map(body -> Long.parseLong(body.split(":")[1]))
                    .toList();
            assertThat(sequence)
                    .as("order of %s (seed %s)", key, seed)
                    .isSorted()
                    .doesNotHaveDuplicates();
        });
        assertThat(open(prefix, topic)).as("transactions left open").isEmpty();
    }

    private static String keyOf(String value) {
        return value.substring(0, value.indexOf(':'));
    }

    /** The marker {@link FailSnapshotOnceAfter} puts in {@link #FIRED}. */
    private static final long SNAPSHOT_FAILURE = -1L;

    /** Passes numbers through as text; the first snapshot after it saw {@code after} fails, once per test. */
    private static final class FailSnapshotOnceAfter implements MapFunction<Long, String>, CheckpointedFunction {
        private final long after;
        private boolean seen;

        FailSnapshotOnceAfter(long after) {
            this.after = after;
        }

        @Override
        public String map(Long value) {
            seen |= value >= after;
            return Long.toString(value);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (seen && FIRED.add(SNAPSHOT_FAILURE)) {
                throw new IllegalStateException("injected failure of checkpoint " + context.getCheckpointId());
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            // Stateless: a restart starts from the restored source position.
        }
    }

    /** Passes numbers through as text; fails once at each of {@code at}, whichever attempt gets there first. */
    private static final class FailOnceAt implements MapFunction<Long, String> {
        private final Set<Long> at;

        FailOnceAt(Set<Long> at) {
            this.at = Set.copyOf(at);
        }

        @Override
        public String map(Long value) {
            if (at.contains(value) && FIRED.add(value)) {
                throw new IllegalStateException("injected failure at " + value);
            }
            return Long.toString(value);
        }
    }
}
