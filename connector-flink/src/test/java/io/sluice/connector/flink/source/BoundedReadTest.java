package io.sluice.connector.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.flink.source.enumerator.initializer.StartingOffsets;
import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.mq.common.MessageQueue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded reads on a Flink MiniCluster against an in-process Sluice broker: start and stop rules,
 * tag and SQL92 filters. Every job here must end by itself; a stop that is only checked on
 * returned records would hang the filtered cases (the last messages of each queue never pass).
 */
class BoundedReadTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    @TempDir
    static Path dir;

    static EmbeddedSluice sluice;
    static List<MessageQueue> queues;

    /** 3 queues x 10 messages "q<i>-<n>", tag "a" for even n and "b" for odd n, property n. */
    @BeforeAll
    static void fill() throws Exception {
        sluice = new EmbeddedSluice(dir);
        queues = sluice.createTopic("bounded", 3);
        for (MessageQueue queue : queues) {
            for (int n = 0; n < 10; n++) {
                sluice.send(queue, "q" + queue.queueId() + "-" + n, n % 2 == 0 ? "a" : "b", Map.of("n", "" + n));
            }
        }
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static SluiceSourceBuilder<String> source(String group) {
        return SluiceSource.<String>builder()
                .setNamesrvAddresses(sluice.namesrv())
                .setGroup(group)
                .setTopics("bounded")
                .setValueOnlyDeserializer(new SimpleStringSchema());
    }

    private static List<String> run(SluiceSource<String> source, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "sluice")
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void earliestToLatestReadsEveryMessageOnceAndEnds() throws Exception {
        List<String> out =
                run(source("g-all").setBounded(StoppingOffsets.latest()).build(), 2);
        assertThat(out).hasSize(30).doesNotHaveDuplicates().contains("q0-0", "q1-9", "q2-5");
    }

    @Test
    void tagFilterReadsOnlyMatchingMessagesAndEndsThoughTheTailIsFiltered() throws Exception {
        List<String> out = run(
                source("g-tag")
                        .setTagFilter("a")
                        .setBounded(StoppingOffsets.latest())
                        .build(),
                2);
        assertThat(out).hasSize(15).allMatch(s -> Integer.parseInt(s.substring(s.indexOf('-') + 1)) % 2 == 0);
    }

    @Test
    void sqlFilterIsAppliedByTheBroker() throws Exception {
        List<String> out = run(
                source("g-sql")
                        .setSqlFilter("n >= 7 AND TAGS = 'b'")
                        .setBounded(StoppingOffsets.latest())
                        .build(),
                1);
        assertThat(out).containsExactlyInAnyOrder("q0-7", "q0-9", "q1-7", "q1-9", "q2-7", "q2-9");
    }

    @Test
    void specificStartAndStopOffsetsBoundTheRead() throws Exception {
        MessageQueue q0 = queues.get(0);
        SluiceSource<String> source = source("g-specific")
                .setStartingOffsets(StartingOffsets.specific(Map.of(q0, 3L), StartingOffsets.latest()))
                .setBounded(StoppingOffsets.offsets(Map.of(q0, 6L)))
                .build();
        assertThat(run(source, 2)).containsExactlyInAnyOrder("q0-3", "q0-4", "q0-5");
    }

    @Test
    void timestampStopInThePastEndsAtTheStoredMessages() throws Exception {
        long now = System.currentTimeMillis();
        List<String> out = run(
                source("g-ts").setBounded(StoppingOffsets.timestamp(now - 1)).build(), 2);
        assertThat(out).hasSize(30);
    }

    @Test
    void timestampStartSkipsOlderMessages() throws Exception {
        long future = System.currentTimeMillis() + 3_600_000;
        List<String> out = run(
                source("g-ts-start")
                        .setStartingOffsets(StartingOffsets.timestamp(future))
                        .setBounded(StoppingOffsets.latest())
                        .build(),
                2);
        assertThat(out).isEmpty();
    }
}
